import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/query.ts';
import { Icon } from '../components/Icon.tsx';
import { EmptyState } from '../components/ui.tsx';

const STORE_KEY = 'staffStore';

function rememberedStore(): number | null {
  try {
    const value = Number(localStorage.getItem(STORE_KEY));
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export function StaffPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const stores = me?.roles.staffStores ?? [];
  const [chosen, setChosen] = useState<number | null>(rememberedStore);

  if (!me) return null;
  if (stores.length === 0) {
    return (
      <div className="stack">
        <h1 className="page-title">{t('staff.title')}</h1>
        <EmptyState icon="lock" title={t('staff.notStaffTitle')} body={t('staff.notStaffBody')} />
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

  return (
    <div className="stack">
      <h1 className="page-title">{t('staff.title')}</h1>
      <fieldset className="store-choice">
        <legend className="section-title">{t('staff.chooseStore')}</legend>
        {stores.map((store) => (
          <label key={store.id} className={`store-choice__option ${store.id === current.id ? 'is-checked' : ''}`}>
            <input type="radio" name="store" value={store.id} checked={store.id === current.id} onChange={() => choose(store.id)} />
            <Icon name="store" size={22} />
            <span>{store.name}</span>
            {store.id === current.id ? <Icon name="check" size={20} className="store-choice__check" /> : null}
          </label>
        ))}
      </fieldset>
      <section className="card scanner-card" aria-labelledby="scanner-title">
        <div className="scanner-card__frame" aria-hidden="true">
          <Icon name="scan" size={56} />
        </div>
        <div className="scanner-card__text">
          <span className="pill">{t('staff.scannerSoon')}</span>
          <h2 id="scanner-title">{t('staff.scannerTitle')}</h2>
          <p className="muted">{t('staff.currentStore', { store: current.name })}</p>
          <p>{t('staff.scannerBody')}</p>
        </div>
      </section>
    </div>
  );
}
