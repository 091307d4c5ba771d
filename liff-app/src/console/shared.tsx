import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client.ts';

export const consoleKeys = {
  stores: ['console', 'stores'] as const,
  staff: ['console', 'staff'] as const,
  members: (q: string, page: number) => ['console', 'members', q, page] as const,
  memberTotal: ['console', 'members', 'total'] as const,
  member: (id: number) => ['console', 'member', id] as const,
  audit: (page: number, pageSize: number) => ['console', 'audit', page, pageSize] as const,
};

export function useStores() {
  return useQuery({ queryKey: consoleKeys.stores, queryFn: () => call('consoleListStores') });
}

export function useStaff() {
  return useQuery({ queryKey: consoleKeys.staff, queryFn: () => call('consoleListStaff') });
}

/** The page's title with its actions (create, refresh, docs), and the line under it that says what the page is for. */
export function PageHeader({ title, intro, children }: { title: string; intro?: string; children?: ReactNode }) {
  return (
    <>
      <div className="page-header">
        <h1>{title}</h1>
        {children ? <div className="page-header__actions">{children}</div> : null}
      </div>
      {intro ? <p className="page-intro muted">{intro}</p> : null}
    </>
  );
}

export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  return (
    <nav className="pagination" aria-label={t('console.pagination.label')}>
      <button type="button" className="btn btn--secondary btn--small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('console.pagination.previous')}
      </button>
      <span aria-live="polite">{t('console.pagination.status', { page, pages })}</span>
      <button type="button" className="btn btn--secondary btn--small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('console.pagination.next')}
      </button>
    </nav>
  );
}

/** Rows of skeleton cells while a table loads. */
export function TableSkeleton({ columns, rows = 5 }: { columns: number; rows?: number }) {
  return (
    <tbody aria-hidden="true">
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r}>
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}>
              <span className="skeleton" style={{ width: c === 0 ? '70%' : '50%', height: 14, borderRadius: 6 }} />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

/** "A、B 和 C" / "A, B and C" without concatenating sentences by hand. */
export function formatList(items: string[], language: string): string {
  return new Intl.ListFormat(language === 'en' ? 'en' : 'zh-TW', { type: 'conjunction' }).format(items);
}
