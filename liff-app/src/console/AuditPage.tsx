import type { TFunction } from 'i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TAuditEntry, TStore } from '../../../shared/api/schemas.ts';
import { call } from '../api/client.ts';
import { EmptyState } from '../components/ui.tsx';
import { useLanguage } from '../i18n/index.ts';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { ListTable } from './components.tsx';
import { changeValue, insightsKeys } from './insights/index.ts';
import { formatList, PageHeader, Pagination, useStaff, useStores } from './shared.tsx';

const PAGE_SIZE = 25;
/** Actions whose summary line already says what changed. */
const SUMMARISED = new Set(['staff.update', 'admin.grant', 'admin.revoke']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function AuditPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const time = useBrandTime();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const actor = params.get('actor') ?? '';
  const action = params.get('action') ?? '';
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : '';
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : '';
  const stores = useStores();
  const staff = useStaff();
  const query = { page, pageSize: PAGE_SIZE, ...(actor ? { actor } : {}), ...(action ? { action } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const audit = useQuery({
    queryKey: insightsKeys.auditPage(query, lang),
    queryFn: () => call('consoleAuditLog', { query }),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(actor || action || from || to);
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete('page');
    setParams(next);
  };
  const admins = (staff.data?.items ?? []).filter((m) => m.roles.isAdmin);

  return (
    <div className="stack">
      <PageHeader title={t('console.audit.title')} />
      <form className="ins-filters panel" role="search" aria-label={t('ins.audit.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span className="field__label">{t('ins.audit.actor')}</span>
          <select className="field__input" value={actor} onChange={(e) => update({ actor: e.target.value })}>
            <option value="">{t('ins.audit.allActors')}</option>
            {admins.map((m) => (
              <option key={m.id} value={`member:${m.id}`}>
                {m.name ?? m.displayName}
              </option>
            ))}
            <option value="system">{t('ins.audit.system')}</option>
            <option value="cli">{t('ins.audit.cli')}</option>
            <option value="env">{t('ins.audit.env')}</option>
          </select>
        </label>
        <label>
          <span className="field__label">{t('ins.audit.action')}</span>
          <select className="field__input" value={action} onChange={(e) => update({ action: e.target.value })}>
            <option value="">{t('ins.audit.allActions')}</option>
            {(audit.data?.actions ?? []).map((a) => (
              <option key={a.action} value={a.action}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="field__label">{t('ins.audit.from')}</span>
          <input type="date" className="field__input" value={from} onChange={(e) => update({ from: e.target.value })} />
        </label>
        <label>
          <span className="field__label">{t('ins.audit.to')}</span>
          <input type="date" className="field__input" value={to} onChange={(e) => update({ to: e.target.value })} />
        </label>
        {filtered ? (
          <button type="button" className="btn btn--ghost" onClick={() => setParams({})}>
            {t('ins.audit.clear')}
          </button>
        ) : null}
      </form>
      <ListTable
        query={audit}
        columns={[t('console.audit.time'), t('console.audit.actor'), t('console.audit.action'), t('console.audit.target'), t('console.audit.details')]}
        isEmpty={audit.data?.items.length === 0}
        empty={<EmptyState icon="list" title={filtered ? t('ins.audit.noMatch') : t('console.audit.empty')} />}
        caption={t('console.audit.title')}
      >
        {audit.data?.items.map((entry) => (
          <tr key={entry.id}>
            <td className="nowrap">
              <time dateTime={entry.at}>{time.dateTime(entry.at)}</time>
            </td>
            <td>{actorLabel(entry, t)}</td>
            <td>
              <span className="badge">{entry.actionLabel}</span>
            </td>
            <td>
              <Target entry={entry} />
            </td>
            <td>
              <AuditSummary entry={entry} stores={stores.data?.items ?? []} />
              {SUMMARISED.has(entry.action) ? null : <AuditChanges entry={entry} stores={stores.data?.items ?? []} />}
            </td>
          </tr>
        ))}
      </ListTable>
      {audit.data ? (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={audit.data.total}
          onPage={(next) => {
            const p = new URLSearchParams(params);
            if (next === 1) p.delete('page');
            else p.set('page', String(next));
            setParams(p);
          }}
        />
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

/** What was acted on, by name, linked to the page that shows it. */
function Target({ entry }: { entry: TAuditEntry }) {
  const name = entry.target.name ?? (entry.targetId ? `#${entry.targetId}` : '');
  const text = name ? `${entry.target.typeLabel}：${name}` : entry.target.typeLabel;
  if (entry.target.href) {
    return (
      <Link className="link" to={entry.target.href}>
        {text}
      </Link>
    );
  }
  return <>{text}</>;
}

/** An edit's fields as before → after; store lists by name. */
export function AuditChanges({ entry, stores = [] }: { entry: TAuditEntry; stores?: TStore[] }) {
  const { t, i18n } = useTranslation();
  if (entry.changes.length === 0) return null;
  const value = (field: string, v: unknown) => {
    if ((field === 'staffStoreIds' || field === 'storeIds') && Array.isArray(v)) {
      return v.length === 0 ? t('ins.audit.empty') : formatList(v.map((id) => stores.find((s) => s.id === id)?.name ?? `#${String(id)}`), i18n.language);
    }
    const text = changeValue(v, { empty: t('ins.audit.empty'), yes: t('ins.audit.yes'), no: t('ins.audit.no') });
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  };
  return (
    <ul className="ins-changes" aria-label={t('console.audit.details')}>
      {entry.changes.map((c) => (
        <li key={c.field}>
          {c.label}：<del>{value(c.field, c.before)}</del> → <ins>{value(c.field, c.after)}</ins>
        </li>
      ))}
    </ul>
  );
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
      if (entry.changes.length > 0 && Array.isArray(d.diff)) break;
      const changes = Array.isArray(d.changes) ? d.changes.map(str) : d.changes && typeof d.changes === 'object' ? Object.keys(d.changes) : [];
      const labels = changes.map((key) => (key === 'isActive' ? t('console.stores.status') : t(`console.stores.${key}`, { defaultValue: key })));
      lines.push(t('console.audit.summary.storeUpdate', { name: str(d.name), fields: formatList(labels, i18n.language) }));
      break;
    }
    default: {
      if (entry.changes.length > 0 || entry.target.name) return null;
      const { diff: _diff, ...rest } = d;
      const json = JSON.stringify(rest);
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
