import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { call } from '../api/client.ts';
import { Icon } from '../components/Icon.tsx';
import { EmptyState } from '../components/ui.tsx';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { ListTable, Person } from './components.tsx';
import { consoleKeys, PageHeader, Pagination } from './shared.tsx';

const PAGE_SIZE = 20;

export function MembersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const time = useBrandTime();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState(q);
  const members = useQuery({
    queryKey: consoleKeys.members(q, page),
    queryFn: () => call('consoleSearchMembers', { query: { q: q || undefined, page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });

  const search = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim();
    setParams(next ? { q: next } : {});
  };

  return (
    <div className="stack">
      <PageHeader title={t('console.members.title')} />
      <form className="search-bar" role="search" onSubmit={search}>
        <label htmlFor="member-search" className="visually-hidden">
          {t('console.members.searchLabel')}
        </label>
        <span className="search-bar__field">
          <Icon name="search" size={18} />
          <input id="member-search" type="search" value={draft} placeholder={t('console.members.searchPlaceholder')} onChange={(e) => setDraft(e.target.value)} maxLength={40} />
        </span>
        <button type="submit" className="btn btn--primary">
          {t('console.members.search')}
        </button>
        {q ? (
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => {
              setDraft('');
              setParams({});
            }}
          >
            {t('console.members.clear')}
          </button>
        ) : null}
      </form>
      {members.data ? (
        <p className="muted" aria-live="polite">
          {q ? t('console.members.resultCountFor', { q, total: members.data.total }) : t('console.members.resultCount', { total: members.data.total })}
        </p>
      ) : null}
      <ListTable
        query={members}
        columns={[t('console.members.name'), t('console.members.mobile'), t('console.members.status'), t('console.members.joined')]}
        isEmpty={members.data?.items.length === 0}
        empty={<EmptyState icon="search" title={q ? t('console.members.empty') : t('console.members.emptyAll')} />}
        className="table table--hover"
        caption={t('console.members.title')}
      >
        {members.data?.items.map((member) => {
          const name = member.name ?? member.displayName;
          return (
            <tr key={member.id} onClick={() => navigate(`/console/members/${member.id}`)}>
              <td>
                <Person member={member} to={`/console/members/${member.id}`} linkLabel={t('console.members.view', { name })} />
              </td>
              <td className="nowrap">{member.mobile ?? '—'}</td>
              <td>
                <span className="chips">
                  {member.status === 'blocked' ? (
                    <span className="status status--off">{t('console.members.blocked')}</span>
                  ) : (
                    <span className={`status ${member.isRegistered ? 'status--on' : 'status--pending'}`}>
                      {member.isRegistered ? t('console.members.registered') : t('console.members.unregistered')}
                    </span>
                  )}
                  {!member.isFollowing ? <span className="status status--off">{t('console.members.notFollowing')}</span> : null}
                </span>
              </td>
              <td className="nowrap">{time.longDate(member.createdAt)}</td>
            </tr>
          );
        })}
      </ListTable>
      {members.data ? (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={members.data.total}
          onPage={(next) => setParams({ ...(q ? { q } : {}), ...(next > 1 ? { page: String(next) } : {}) })}
        />
      ) : null}
    </div>
  );
}
