import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../api/client.ts';
import { ErrorState, Skeleton } from '../components/ui.tsx';
import { Icon, type IconName } from '../components/Icon.tsx';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { AuditSummary } from './AuditPage.tsx';
import { consoleKeys, PageHeader, useStaff, useStores } from './shared.tsx';

export function OverviewPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const members = useQuery({ queryKey: consoleKeys.memberTotal, queryFn: () => call('consoleSearchMembers', { query: { page: 1, pageSize: 1 } }) });
  const stores = useStores();
  const staff = useStaff();
  const recent = useQuery({ queryKey: consoleKeys.audit(1, 5), queryFn: () => call('consoleAuditLog', { query: { page: 1, pageSize: 5 } }) });

  const storeItems = stores.data?.items;
  const staffItems = staff.data?.items;
  const error = members.error ?? stores.error ?? staff.error;

  return (
    <div className="stack">
      <PageHeader title={t('console.overview.title')} />
      {error ? <ErrorState error={error} onRetry={() => void Promise.all([members.refetch(), stores.refetch(), staff.refetch()])} /> : null}
      <div className="stat-grid">
        <Stat icon="users" label={t('console.overview.members')} value={members.data?.total} hint={t('console.overview.membersHint')} to="/console/members" />
        <Stat
          icon="store"
          label={t('console.overview.stores')}
          value={storeItems?.filter((s) => s.isActive).length}
          hint={storeItems ? t('console.overview.storesHint', { total: storeItems.length }) : undefined}
          to="/console/stores"
        />
        <Stat icon="scan" label={t('console.overview.staff')} value={staffItems?.filter((m) => m.roles.staffStores.length > 0).length} hint={t('console.overview.staffHint')} to="/console/staff" />
        <Stat icon="shield" label={t('console.overview.admins')} value={staffItems?.filter((m) => m.roles.isAdmin).length} hint={t('console.overview.adminsHint')} to="/console/staff" />
      </div>
      <section className="panel" aria-labelledby="recent-title">
        <div className="panel__header">
          <h2 id="recent-title">{t('console.overview.recent')}</h2>
          <Link to="/console/audit" className="link">
            {t('console.overview.viewAll')}
          </Link>
        </div>
        {recent.isPending ? (
          <div className="stack stack--tight" aria-busy="true">
            <Skeleton height={18} />
            <Skeleton height={18} width="80%" />
          </div>
        ) : recent.isError ? (
          <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
        ) : recent.data.items.length === 0 ? (
          <p className="muted">{t('console.overview.recentEmpty')}</p>
        ) : (
          <ul className="recent-list">
            {recent.data.items.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.at}>{time.dateTime(entry.at)}</time>
                <span className="badge">{t(`console.audit.actions.${entry.action}`, { defaultValue: entry.action })}</span>
                <AuditSummary entry={entry} stores={storeItems ?? []} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Stat({ icon, label, value, hint, to }: { icon: IconName; label: string; value: number | undefined; hint?: string | undefined; to: string }) {
  return (
    <Link to={to} className="stat">
      <span className="stat__icon icon-tile">
        <Icon name={icon} size={22} />
      </span>
      <span className="stat__label">{label}</span>
      {value === undefined ? <Skeleton width={64} height={34} /> : <strong className="stat__value">{value.toLocaleString()}</strong>}
      {hint ? <span className="stat__hint">{hint}</span> : null}
    </Link>
  );
}
