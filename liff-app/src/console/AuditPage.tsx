import type { TFunction } from 'i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TAuditEntry, TStore } from '../../../shared/api/schemas.ts';
import { call } from '../api/client.ts';
import { EmptyState } from '../components/ui.tsx';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { ListTable } from './components.tsx';
import { consoleKeys, formatList, PageHeader, Pagination, useStores } from './shared.tsx';

const PAGE_SIZE = 25;

export function AuditPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const stores = useStores();
  const audit = useQuery({
    queryKey: consoleKeys.audit(page, PAGE_SIZE),
    queryFn: () => call('consoleAuditLog', { query: { page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="stack">
      <PageHeader title={t('console.audit.title')} />
      <ListTable
        query={audit}
        columns={[t('console.audit.time'), t('console.audit.actor'), t('console.audit.action'), t('console.audit.target'), t('console.audit.details')]}
        isEmpty={audit.data?.items.length === 0}
        empty={<EmptyState icon="list" title={t('console.audit.empty')} />}
        caption={t('console.audit.title')}
      >
        {audit.data?.items.map((entry) => (
          <tr key={entry.id}>
            <td className="nowrap">
              <time dateTime={entry.at}>{time.dateTime(entry.at)}</time>
            </td>
            <td>{actorLabel(entry, t)}</td>
            <td>
              <span className="badge">{t(`console.audit.actions.${entry.action}`, { defaultValue: entry.action })}</span>
            </td>
            <td className="nowrap">
              <Target entry={entry} />
            </td>
            <td>
              <AuditSummary entry={entry} stores={stores.data?.items ?? []} />
            </td>
          </tr>
        ))}
      </ListTable>
      {audit.data ? (
        <Pagination page={page} pageSize={PAGE_SIZE} total={audit.data.total} onPage={(next) => setParams(next === 1 ? {} : { page: String(next) })} />
      ) : null}
    </div>
  );
}

function actorLabel(entry: TAuditEntry, t: TFunction): string {
  if (entry.actor.kind === 'member') return entry.actor.name ?? `#${entry.actor.memberId ?? '?'}`;
  if (entry.actor.kind === 'cli') return t('console.audit.actorCli');
  if (entry.actor.kind === 'env') return t('console.audit.actorEnv');
  return t('console.audit.actorSystem');
}

function Target({ entry }: { entry: TAuditEntry }) {
  const { t } = useTranslation();
  if (!entry.targetId) return <>{entry.targetType}</>;
  if (entry.targetType === 'member') {
    return (
      <Link className="link" to={`/console/members/${entry.targetId}`}>
        {t('console.audit.targets.member', { id: entry.targetId })}
      </Link>
    );
  }
  if (entry.targetType === 'store') return <>{t('console.audit.targets.store', { id: entry.targetId })}</>;
  return <>{t('console.audit.targets.other', { type: entry.targetType, id: entry.targetId })}</>;
}

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const ids = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);

/** One readable line (or two) per known action; anything else shows its details as JSON. */
export function AuditSummary({ entry, stores }: { entry: TAuditEntry; stores: TStore[] }) {
  const { t, i18n } = useTranslation();
  const d = entry.details;
  const member = str(d.memberName);
  const storeNames = (list: number[]) => formatList(list.map((id) => stores.find((s) => s.id === id)?.name ?? `#${id}`), i18n.language);
  const lines: string[] = [];
  switch (entry.action) {
    case 'admin.grant':
      lines.push(t('console.audit.summary.adminGrant', { member }));
      break;
    case 'admin.revoke':
      lines.push(t('console.audit.summary.adminRevoke', { member }));
      break;
    case 'staff.update': {
      const added = ids(d.addedStoreIds);
      const removed = ids(d.removedStoreIds);
      if (added.length) lines.push(t('console.audit.summary.staffAdded', { member, stores: storeNames(added) }));
      if (removed.length) lines.push(t('console.audit.summary.staffRemoved', { member, stores: storeNames(removed) }));
      break;
    }
    case 'store.create':
      lines.push(t('console.audit.summary.storeCreate', { name: str(d.name), code: str(d.code) }));
      break;
    case 'store.update': {
      const changes = Array.isArray(d.changes) ? d.changes.map(str) : d.changes && typeof d.changes === 'object' ? Object.keys(d.changes) : [];
      const labels = changes.map((key) => (key === 'isActive' ? t('console.stores.status') : t(`console.stores.${key}`, { defaultValue: key })));
      lines.push(t('console.audit.summary.storeUpdate', { name: str(d.name), fields: formatList(labels, i18n.language) }));
      break;
    }
    default: {
      const json = JSON.stringify(d);
      if (json && json !== '{}') return <code className="audit-json">{json}</code>;
      return null;
    }
  }
  return (
    <span className="audit-summary">
      {lines.map((line) => (
        <span key={line}>{line}</span>
      ))}
    </span>
  );
}
