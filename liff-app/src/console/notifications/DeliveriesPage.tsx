import type { TFunction } from 'i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TDeliveryPage } from '../../../../shared/api/notifications.ts';
import { call } from '../../api/client.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, Skeleton } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { PageHeader, Pagination } from '../shared.tsx';
import { DELIVERY_STATUSES, notifKeys, SERIES, useTemplates, type DeliveryStatus } from './api.ts';
import { ChartTable, ListTable, StatCard, type Tone } from '../components.tsx';

const DeliveryChart = lazy(() => import('./DeliveryChart.tsx'));
const PAGE_SIZE = 25;
const DAYS = 14;


/** The dispatcher writes its reasons in English for logs; the known ones are said in the brand's words. */
export function reasonText(reason: string | null, t: TFunction): string {
  if (!reason) return '';
  if (reason === 'member no longer exists') return t('notif.reasons.memberGone');
  if (reason === 'member blocked the account') return t('notif.reasons.blocked');
  if (reason === 'member is not a friend of the account') return t('notif.reasons.notFriend');
  if (reason === 'template turned off') return t('notif.reasons.templateOff');
  if (reason.startsWith('LINE had already accepted')) return t('notif.reasons.duplicate');
  if (reason === 'deferred: quiet hours') return t('notif.reasons.quietHours');
  if (reason === 'member turned marketing messages off') return t('notif.reasons.marketingOff');
  if (reason.startsWith('retrying after ')) return t('notif.reasons.retrying', { reason: reason.slice('retrying after '.length) });
  return reason;
}

export function DeliveriesPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const templates = useTemplates();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const statusParam = params.get('status') ?? '';
  const status = (DELIVERY_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as DeliveryStatus) : undefined;
  const memberParam = Number(params.get('member'));
  const memberId = Number.isInteger(memberParam) && memberParam > 0 ? memberParam : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const dayParam = (key: string) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(key) ?? '') ? params.get(key)! : '');
  const from = dayParam('from');
  const to = dayParam('to');
  const [qDraft, setQDraft] = useState(q);
  useEffect(() => setQDraft(q), [q]);
  const filtered = Boolean(kind || status || memberId || q || from || to);

  const [memberDraft, setMemberDraft] = useState(memberId ? String(memberId) : '');
  const [memberError, setMemberError] = useState<string | null>(null);
  useEffect(() => {
    setMemberDraft(memberId ? String(memberId) : '');
  }, [memberId]);

  const query = { ...(kind ? { kind } : {}), ...(status ? { status } : {}), ...(memberId ? { memberId } : {}), ...(q ? { q } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), page, pageSize: PAGE_SIZE, days: DAYS };
  const deliveries = useQuery({
    queryKey: notifKeys.deliveries(query),
    queryFn: () => call('consoleDeliveries', { query }),
    placeholderData: keepPreviousData,
    // Pending notifications turn into sent ones within seconds: keep the log current while it is open.
    refetchInterval: 15_000,
  });

  const labels = new Map(templates.data?.items.map((item) => [item.kind, item.label]));
  const labelOf = (k: string) => labels.get(k) ?? k;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const applyMember = (event: FormEvent) => {
    event.preventDefault();
    const text = memberDraft.trim().replace(/^#/, '');
    if (text && !/^[1-9]\d{0,9}$/.test(text)) {
      setMemberError(t('form.invalid'));
      return;
    }
    setMemberError(null);
    update({ member: text || undefined, q: qDraft.trim() || undefined });
  };

  const data = deliveries.data;
  const statusLabels = Object.fromEntries(SERIES.map((s) => [s.key, t(`notif.status.${s.key}`)])) as Record<(typeof SERIES)[number]['key'], string>;

  return (
    <div className="stack">
      <PageHeader title={t('notif.deliveries.title')} intro={t('notif.deliveries.intro', { tz: time.timeZone })}>
        <button type="button" className="btn btn--secondary" onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
          {t('notif.deliveries.refresh')}
        </button>
      </PageHeader>

      {data?.quota?.marketingPaused ? <QuotaBanner quota={data.quota} /> : null}

      <Totals data={data} />

      <section className="panel" aria-labelledby="notif-chart-title">
        <div className="panel__header">
          <h2 id="notif-chart-title">{t('notif.deliveries.chartTitle')}</h2>
          {filtered ? <span className="chip">{t('notif.deliveries.chartFiltered')}</span> : null}
        </div>
        {/* The table below carries the figures for assistive technology; inert keeps the drawing out of the tab order too. */}
        <div className="notif-chart" aria-hidden="true" inert>
          {data ? (
            <Suspense fallback={<Skeleton height={260} radius={10} />}>
              <DeliveryChart data={data.perDay} labels={statusLabels} />
            </Suspense>
          ) : deliveries.isError ? null : (
            <Skeleton height={260} radius={10} />
          )}
        </div>
        {data ? (
          <ChartTable caption={t('notif.deliveries.chartCaption')} dayLabel={t('notif.deliveries.day')} columns={SERIES.map((s) => ({ key: s.key, label: statusLabels[s.key] }))} rows={data.perDay} />
        ) : null}
      </section>

      <form className="notif-filters" role="search" aria-label={t('notif.deliveries.filters')} onSubmit={applyMember}>
        <label className="notif-filter">
          <span className="field__label">{t('notif.deliveries.kind')}</span>
          <select className="field__input" value={kind} onChange={(e) => update({ kind: e.target.value || undefined })}>
            <option value="">{t('notif.deliveries.allKinds')}</option>
            {templates.data?.items.map((item) => (
              <option key={item.kind} value={item.kind}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
        <label className="notif-filter">
          <span className="field__label">{t('notif.deliveries.status')}</span>
          <select className="field__input" value={status ?? ''} onChange={(e) => update({ status: e.target.value || undefined })}>
            <option value="">{t('notif.deliveries.allStatuses')}</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`notif.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="notif-filter">
          <span className="field__label">{t('ins.filters.from')}</span>
          <input type="date" className="field__input" value={from} onChange={(e) => update({ from: e.target.value || undefined })} />
        </label>
        <label className="notif-filter">
          <span className="field__label">{t('ins.filters.to')}</span>
          <input type="date" className="field__input" value={to} onChange={(e) => update({ to: e.target.value || undefined })} />
        </label>
        <label className="notif-filter">
          <span className="field__label">{t('ins.filters.memberSearch')}</span>
          <input type="search" className="field__input" value={qDraft} maxLength={40} placeholder={t('ins.filters.memberPlaceholder')} onChange={(e) => setQDraft(e.target.value)} />
        </label>
        <div className={`notif-filter ${memberError ? 'field--invalid' : ''}`}>
          <label className="field__label" htmlFor="notif-member-filter">
            {t('notif.deliveries.memberId')}
          </label>
          <span className="notif-filter__member">
            <input
              id="notif-member-filter"
              className="field__input"
              inputMode="numeric"
              value={memberDraft}
              placeholder={t('notif.deliveries.memberIdPlaceholder')}
              aria-invalid={memberError ? true : undefined}
              aria-describedby={memberError ? 'notif-member-filter-error' : undefined}
              onChange={(e) => setMemberDraft(e.target.value)}
              maxLength={11}
            />
            <button type="submit" className="btn btn--secondary">
              {t('notif.deliveries.apply')}
            </button>
          </span>
          {memberError ? (
            <p id="notif-member-filter-error" className="field__error" role="alert">
              {memberError}
            </p>
          ) : null}
        </div>
        {filtered ? (
          <button type="button" className="btn btn--ghost notif-filters__clear" onClick={() => setParams({})}>
            {t('notif.deliveries.clear')}
          </button>
        ) : null}
        {data ? (
          <span className="notif-filters__count muted" aria-live="polite">
            {t('notif.deliveries.resultCount', { total: data.total.toLocaleString() })}
          </span>
        ) : null}
      </form>

      <ListTable
        query={{ ...deliveries, isError: deliveries.isError && !data, isPending: !data }}
        columns={[t('notif.deliveries.time'), t('notif.deliveries.member'), t('notif.deliveries.kind'), t('notif.deliveries.priority'), t('notif.deliveries.source'), t('notif.deliveries.status'), t('notif.deliveries.reason'), { label: t('notif.deliveries.attempts'), className: 'num' }]}
        isEmpty={data?.items.length === 0}
        empty={
          filtered ? (
            <EmptyState
              icon="list"
              title={t('notif.deliveries.emptyFiltered')}
              action={
                <button type="button" className="btn btn--secondary" onClick={() => setParams({})}>
                  {t('notif.deliveries.clear')}
                </button>
              }
            />
          ) : (
            <EmptyState icon="chat" title={t('notif.deliveries.empty')} body={t('notif.deliveries.emptyBody')} />
          )
        }
        className="table notif-log"
        caption={t('notif.deliveries.title')}
        skeletonRows={6}
        stale={deliveries.isPlaceholderData}
      >
        {data?.items.map((row) => {
          const scheduled = row.status === 'pending' && Date.parse(row.dueAt) - Date.parse(row.createdAt) > 60_000;
          return (
            <tr key={row.id}>
              <td className="nowrap">
                <time dateTime={row.createdAt}>{time.dateTime(row.createdAt)}</time>
                {scheduled ? <small className="notif-sub">{t('notif.deliveries.scheduledFor', { time: time.dateTime(row.dueAt) })}</small> : null}
              </td>
              <td className="nowrap">
                <Link to={`/console/members/${row.member.id}`} className="person__link" aria-label={t('notif.deliveries.memberLink', { name: row.member.name })}>
                  {row.member.name}
                </Link>
                <small className="notif-sub">#{row.member.id}</small>
              </td>
              <td>
                <button type="button" className="notif-kind-filter" onClick={() => update({ kind: row.kind })} title={row.kind}>
                  {labelOf(row.kind)}
                </button>
              </td>
              <td>
                <span className={`notif-priority notif-priority--${row.priority}`}>{t(`notif.priority.${row.priority}`)}</span>
              </td>
              <td className="nowrap">{t(`notif.source.${row.source}`)}</td>
              <td>
                <span className={`notif-status notif-status--${row.status}`}>{t(`notif.status.${row.status}`)}</span>
              </td>
              <td className="notif-reason">{reasonText(row.reason, t)}</td>
              <td className="num">{row.attempts}</td>
            </tr>
          );
        })}
      </ListTable>
      {data ? <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onPage={(next) => update({ page: next === 1 ? undefined : String(next) })} /> : null}
    </div>
  );
}

function QuotaBanner({ quota }: { quota: NonNullable<TDeliveryPage['quota']> }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  return (
    <div className="notif-banner" role="status">
      <Icon name="alert" size={20} />
      <div>
        <strong>{t('notif.deliveries.quotaPaused')}</strong>
        <p>
          {quota.limit === null
            ? t('notif.deliveries.quotaUsageUnlimited', { used: quota.used.toLocaleString() })
            : t('notif.deliveries.quotaUsage', { used: quota.used.toLocaleString(), limit: quota.limit.toLocaleString() })}
          {` · ${t('notif.deliveries.quotaChecked', { time: time.dateTime(quota.checkedAt) })}`}
        </p>
      </div>
    </div>
  );
}

function Totals({ data }: { data: TDeliveryPage | undefined }) {
  const { t } = useTranslation();
  const totals = data?.totals;
  const cards: { key: string; label: string; value: number | undefined; tone: Tone }[] = [
    { key: 'sent', label: t('notif.status.sent'), value: totals?.sent, tone: 'green' },
    { key: 'failed', label: t('notif.status.failed'), value: totals?.failed, tone: 'danger' },
    { key: 'skipped', label: t('notif.status.skipped'), value: totals?.skipped, tone: 'grey' },
    { key: 'pending', label: `${t('notif.status.pending')} / ${t('notif.status.sending')}`, value: totals ? totals.pending + totals.sending : undefined, tone: 'amber' },
  ];
  const quota = data?.quota;
  return (
    <section aria-label={t('notif.deliveries.totalsTitle')}>
      <h2 className="notif-subheading">{t('notif.deliveries.totalsTitle')}</h2>
      <div className="notif-totals">
        {cards.map((card) => (
          <StatCard key={card.key} tone={card.tone} label={card.label} compact>
            {card.value === undefined ? <Skeleton width={56} height={30} /> : <strong className="stat-card__value">{card.value.toLocaleString()}</strong>}
          </StatCard>
        ))}
        {quota && !quota.marketingPaused ? (
          <StatCard tone="info" label={t('notif.deliveries.quotaTitle')} compact>
            <strong className="stat-card__value stat-card__value--text">
              {quota.limit === null
                ? t('notif.deliveries.quotaValueUnlimited', { used: quota.used.toLocaleString() })
                : t('notif.deliveries.quotaValue', { used: quota.used.toLocaleString(), limit: quota.limit.toLocaleString() })}
            </strong>
          </StatCard>
        ) : null}
      </div>
    </section>
  );
}
