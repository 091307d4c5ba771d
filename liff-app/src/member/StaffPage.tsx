import './wallet/wallet.css';
import './staff/staff.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useConfig, useMe } from '../api/query.ts';
import { Icon } from '../components/Icon.tsx';
import { EmptyState, ErrorState, SkeletonStack } from '../components/ui.tsx';
import { useAllStores } from './staff/api.ts';
import { Counter } from './staff/Counter.tsx';
import { RedemptionLog } from './staff/RedemptionLog.tsx';

const STORE_KEY = 'staffStore';

function rememberedStore(): number | null {
  try {
    const value = Number(localStorage.getItem(STORE_KEY));
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * /app/staff — the scanner for store staff (and admins, who may act at any store): choose the
 * store, read a coupon (LINE's scanner, the camera, a photo or the typed code), see the verdict,
 * redeem, undo, and today's redemptions at this store.
 */
export function StaffPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { data: config } = useConfig();
  const isAdmin = me?.roles.isAdmin ?? false;
  const allStores = useAllStores(isAdmin);
  const [chosen, setChosen] = useState<number | null>(rememberedStore);
  const [showing, setShowing] = useState<string | null>(null);
  const { pathname } = useLocation();
  const view = pathname.endsWith('/today') ? 'today' : pathname.endsWith('/store') ? 'store' : 'scan';

  if (!me || !config) return null;
  if (!isAdmin && me.roles.staffStores.length === 0) {
    return (
      <div className="stack">
        <h1 className="page-title">{t('staff.title')}</h1>
        <EmptyState icon="lock" title={t('staff.notStaffTitle')} body={t('staff.notStaffBody')} />
      </div>
    );
  }
  if (isAdmin && allStores.isPending) {
    return <SkeletonStack blocks={[{ width: 140, height: 28 }, { height: 48, radius: 14 }, { height: 320, radius: 14 }]} />;
  }
  if (isAdmin && allStores.isError) return <ErrorState error={allStores.error} onRetry={() => void allStores.refetch()} />;

  const stores = isAdmin ? (allStores.data ?? []) : me.roles.staffStores;
  if (stores.length === 0) {
    return (
      <div className="stack">
        <h1 className="page-title">{t('staff.title')}</h1>
        <EmptyState icon="store" title={t('staff.noStoresTitle')} body={t('staff.noStoresBody')} />
      </div>
    );
  }
  const current = stores.find((s) => s.id === chosen) ?? stores[0]!;
  const choose = (id: number) => {
    setChosen(id);
    try {
      localStorage.setItem(STORE_KEY, String(id));
    } catch {
      // not remembered; fine
    }
  };

  const chips = (
    <fieldset className="store-chips">
        <legend className="section-title">{t('staff.chooseStore')}</legend>
        <div className="store-chips__list">
          {stores.map((store) => (
            <label key={store.id} className={`store-chips__option ${store.id === current.id ? 'is-checked' : ''}`}>
              <input type="radio" name="store" value={store.id} checked={store.id === current.id} onChange={() => choose(store.id)} />
              {store.id === current.id ? <Icon name="check" size={18} /> : <Icon name="store" size={18} />}
              <span>{store.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
  );
  // The staff tabs (MemberApp's StaffNav): today's list and the store on their own pages.
  if (view === 'today') {
    return (
      <div className="stack staff">
        <h1 className="page-title">{t('staff.navToday')}</h1>
        <p className="muted">{t('staff.currentStore', { store: current.name })}</p>
        <RedemptionLog store={current} timeZone={config.timezone} hideUndoFor={null} />
      </div>
    );
  }
  if (view === 'store') {
    return (
      <div className="stack staff">
        <h1 className="page-title">{t('staff.storeTitle')}</h1>
        {chips}
      </div>
    );
  }
  return (
    <div className="stack staff">
      <h1 className="page-title">{t('staff.title')}</h1>
      {chips}
      {/* A new store starts a new counter: nothing half-done carries over. */}
      <Counter key={current.id} store={current} config={config} onShowing={setShowing} />
      <RedemptionLog store={current} timeZone={config.timezone} hideUndoFor={showing} />
    </div>
  );
}
