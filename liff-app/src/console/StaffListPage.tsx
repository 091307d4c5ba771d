import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Avatar, EmptyState, ErrorState } from '../components/ui.tsx';
import { PageHeader, TableSkeleton, useStaff } from './shared.tsx';

export function StaffListPage() {
  const { t } = useTranslation();
  const staff = useStaff();
  return (
    <div className="stack">
      <PageHeader title={t('console.staff.title')} />
      <p className="muted page-intro">{t('console.staff.intro')}</p>
      {staff.isError ? (
        <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />
      ) : staff.data?.items.length === 0 ? (
        <EmptyState icon="shield" title={t('console.staff.empty')} />
      ) : (
        <div className="panel panel--table">
          <table className="table" aria-label={t('console.staff.title')}>
            <thead>
              <tr>
                <th scope="col">{t('console.staff.member')}</th>
                <th scope="col">{t('console.staff.mobile')}</th>
                <th scope="col">{t('console.staff.roles')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('console.stores.actions')}</span>
                </th>
              </tr>
            </thead>
            {staff.isPending ? (
              <TableSkeleton columns={4} rows={3} />
            ) : (
              <tbody>
                {staff.data.items.map((member) => (
                  <tr key={member.id}>
                    <td>
                      <span className="person">
                        <Avatar name={member.name ?? member.displayName} pictureUrl={member.pictureUrl} size={36} />
                        <span>
                          <strong>{member.name ?? member.displayName}</strong>
                          <small>{member.displayName}</small>
                        </span>
                      </span>
                    </td>
                    <td className="nowrap">{member.mobile ?? '—'}</td>
                    <td>
                      <span className="chips">
                        {member.roles.isAdmin ? <span className="chip chip--admin">{t('console.staff.admin')}</span> : null}
                        {member.roles.staffStores.map((store) => (
                          <span key={store.id} className="chip">
                            {store.name}
                          </span>
                        ))}
                        {!member.roles.isAdmin && member.roles.staffStores.length === 0 ? <span className="muted">{t('console.staff.noStores')}</span> : null}
                      </span>
                    </td>
                    <td className="row-actions">
                      <Link className="btn btn--secondary btn--small" to={`/console/members/${member.id}`}>
                        {t('console.staff.editRoles')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            )}
          </table>
        </div>
      )}
    </div>
  );
}
