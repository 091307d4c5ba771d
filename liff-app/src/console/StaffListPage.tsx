import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components/ui.tsx';
import { ListTable, Person } from './components.tsx';
import { PageHeader, useStaff } from './shared.tsx';

export function StaffListPage() {
  const { t } = useTranslation();
  const staff = useStaff();
  return (
    <div className="stack">
      <PageHeader title={t('console.staff.title')} intro={t('console.staff.intro')} />
      <ListTable
        query={staff}
        columns={[t('console.staff.member'), t('console.staff.mobile'), t('console.staff.roles'), { actions: t('console.stores.actions') }]}
        isEmpty={staff.data?.items.length === 0}
        empty={<EmptyState icon="shield" title={t('console.staff.empty')} />}
        caption={t('console.staff.title')}
        skeletonRows={3}
      >
        {staff.data?.items.map((member) => (
          <tr key={member.id}>
            <td>
              <Person member={member} />
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
      </ListTable>
    </div>
  );
}
