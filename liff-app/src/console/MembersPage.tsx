import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { call } from '../api/client.ts';
import { useConfig } from '../api/query.ts';
import { Icon } from '../components/Icon.tsx';
import { Avatar, EmptyState, ErrorState } from '../components/ui.tsx';
import { formatDate } from '../lib/format.ts';
import { consoleKeys, PageHeader, Pagination, TableSkeleton } from './shared.tsx';

const PAGE_SIZE = 20;

export function MembersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: config } = useConfig();
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
      {members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data?.items.length === 0 ? (
        <EmptyState icon="search" title={q ? t('console.members.empty') : t('console.members.emptyAll')} />
      ) : (
        <div className="panel panel--table">
          <table className="table table--hover" aria-label={t('console.members.title')}>
            <thead>
              <tr>
                <th scope="col">{t('console.members.name')}</th>
                <th scope="col">{t('console.members.mobile')}</th>
                <th scope="col">{t('console.members.status')}</th>
                <th scope="col">{t('console.members.joined')}</th>
              </tr>
            </thead>
            {members.isPending ? (
              <TableSkeleton columns={4} />
            ) : (
              <tbody>
                {members.data.items.map((member) => {
                  const name = member.name ?? member.displayName;
                  return (
                    <tr key={member.id} onClick={() => navigate(`/console/members/${member.id}`)}>
                      <td>
                        <span className="person">
                          <Avatar name={name} pictureUrl={member.pictureUrl} size={36} />
                          <span>
                            <Link to={`/console/members/${member.id}`} className="person__link" aria-label={t('console.members.view', { name })} onClick={(e) => e.stopPropagation()}>
                              {name}
                            </Link>
                            <small>{member.displayName}</small>
                          </span>
                        </span>
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
                      <td className="nowrap">{config ? formatDate(member.createdAt, config.timezone) : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            )}
          </table>
        </div>
      )}
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
