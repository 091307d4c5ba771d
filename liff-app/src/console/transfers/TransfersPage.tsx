import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { GIFT_STATES, type TConsoleGiftPage, type TGiftState } from '../../../../shared/api/transfers.ts';
import { call, errorMessage } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Field } from '../../components/Field.tsx';
import { EmptyState, Notice } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { ListTable } from '../components.tsx';
import { PageHeader, Pagination } from '../shared.tsx';

const STATE_COLOURS: Record<TGiftState, string> = { pending: '#C2185B', accepted: '#1B7F3B', declined: '#B35C00', cancelled: '#5B6470', returned: '#1F5FBF' };

interface LogFilter {
  state: TGiftState | '';
  from: string;
  to: string;
}

/** /console/transfers — the pending-days setting and the transfer log (who → whom, masked numbers, state, when). */
export function TransfersPage() {
  const { t } = useTranslation();
  return (
    <div className="stack xfer-page">
      <PageHeader title={t('xfer.page.title')} intro={t('xfer.page.intro')} />
      <SettingsCard />
      <TransferLog />
    </div>
  );
}

function SettingsCard() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: ['console', 'gift-settings'], queryFn: () => call('consoleGiftSettings') });
  const [days, setDays] = useState('');
  const [note, setNote] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.pendingDays));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => call('consoleSaveGiftSettings', { body: { pendingDays: Number(days) } }),
    onSuccess: (data) => {
      queryClient.setQueryData(['console', 'gift-settings'], data);
      setNote({ kind: 'success', text: t('xfer.settings.saved') });
    },
    onError: (error) => setNote({ kind: 'error', text: errorMessage(error) }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNote(null);
    save.mutate();
  };
  return (
    <form className="panel xfer-settings" onSubmit={onSubmit} aria-labelledby="xfer-settings-title">
      <h2 id="xfer-settings-title">{t('xfer.settings.title')}</h2>
      <div className="xfer-settings__row">
        <Field label={t('xfer.settings.pendingDays')} hint={t('xfer.settings.pendingDaysHint')}>
          {(a) => (
            <span className="xfer-number">
              <input {...a} className="field__input" type="number" min={1} max={30} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} disabled={!settings.data} />
              <span>{t('xfer.settings.daysUnit')}</span>
            </span>
          )}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={save.isPending || !settings.data}>
          {save.isPending ? t('xfer.settings.saving') : t('xfer.settings.save')}
        </button>
      </div>
      <p className="muted">
        {t('xfer.settings.perTemplate')} <Link to="/console/coupons">{t('xfer.settings.templatesLink')}</Link>
      </p>
      {note ? <Notice kind={note.kind}>{note.text}</Notice> : null}
    </form>
  );
}

function TransferLog() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const [draft, setDraft] = useState<LogFilter>({ state: '', from: '', to: '' });
  const [filter, setFilter] = useState<LogFilter>(draft);
  const [page, setPage] = useState(1);
  const log = useQuery<TConsoleGiftPage>({
    queryKey: ['console', 'gifts', filter, page, time.lang],
    queryFn: () =>
      call('consoleGifts', {
        query: { page, ...(filter.state ? { state: filter.state } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}) },
      }),
    placeholderData: keepPreviousData,
  });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setPage(1);
    setFilter(draft);
  };
  const reset = () => {
    const empty: LogFilter = { state: '', from: '', to: '' };
    setDraft(empty);
    setFilter(empty);
    setPage(1);
  };
  return (
    <section className="stack" aria-labelledby="xfer-log-title">
      <h2 id="xfer-log-title">{t('xfer.log.title')}</h2>
      {log.data ? <StateChart counts={log.data.byState} /> : null}
      <form className="xfer-filter" onSubmit={apply}>
        <Field label={t('xfer.log.state')}>
          {(a) => (
            <select {...a} className="field__input" value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value as LogFilter['state'] })}>
              <option value="">{t('xfer.log.allStates')}</option>
              {GIFT_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`xfer.state.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('xfer.log.from')} type="date" className="xfer-date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        <Field label={t('xfer.log.to')} type="date" className="xfer-date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        <button type="submit" className="btn btn--primary">
          {t('xfer.log.filter')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={reset}>
          {t('xfer.log.reset')}
        </button>
      </form>
      {log.data ? <p className="muted">{t('xfer.log.total', { count: log.data.total })}</p> : null}
      <ListTable
        query={log}
        isEmpty={(log.data?.items.length ?? 0) === 0}
        empty={<EmptyState icon="send" title={t('xfer.log.empty')} body={t('xfer.log.emptyBody')} />}
        caption={t('xfer.log.caption')}
        testId="transfer-log"
        stale={log.isPlaceholderData}
        columns={[{ label: t('xfer.log.sentAt') }, { label: t('xfer.log.sender') }, { label: t('xfer.log.recipient') }, { label: t('xfer.log.coupon') }, { label: t('xfer.log.uses') }, { label: t('xfer.log.state') }, { label: t('xfer.log.resolvedAt') }]}
      >
        {log.data?.items.map((g) => (
          <tr key={g.id}>
            <td>{time.dateTime(g.sentAt)}</td>
            <td>
              <Link to={`/console/members/${g.sender.id}`}>{g.sender.name}</Link>
              <div className="muted">{g.sender.mobile}</div>
            </td>
            <td>
              {g.recipient.id ? <Link to={`/console/members/${g.recipient.id}`}>{g.recipient.name}</Link> : <span className="muted">{t('xfer.log.notMember')}</span>}
              <div className="muted">{g.recipient.mobile}</div>
            </td>
            <td>{g.couponName}</td>
            <td>
              {g.uses}
              {g.isPartial ? ` (${t('xfer.log.partial')})` : ''}
            </td>
            <td>
              <span className="xfer-state" style={{ color: STATE_COLOURS[g.state] }}>
                {t(`xfer.state.${g.state}`)}
              </span>
              {g.returnReason === 'window' || g.returnReason === 'coupon_expiring' ? <div className="muted">{t(`xfer.reason.${g.returnReason}`)}</div> : null}
            </td>
            <td>{g.resolvedAt ? time.dateTime(g.resolvedAt) : '–'}</td>
          </tr>
        ))}
      </ListTable>
      {log.data ? <Pagination page={page} pageSize={log.data.pageSize} total={log.data.total} onPage={setPage} /> : null}
    </section>
  );
}

/** One bar per state (how the gifts of the filter ended up): a marketer sees at a glance how many friends accept. */
function StateChart({ counts }: { counts: Record<TGiftState, number> }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...GIFT_STATES.map((s) => counts[s] ?? 0));
  const summary = GIFT_STATES.map((s) => `${t(`xfer.state.${s}`)} ${counts[s] ?? 0}`).join('、');
  return (
    <figure className="panel xfer-chart">
      <figcaption>{t('xfer.log.chartTitle')}</figcaption>
      <svg viewBox="0 0 500 150" role="img" aria-label={t('xfer.log.chartLabel', { summary })}>
        {GIFT_STATES.map((s, i) => {
          const n = counts[s] ?? 0;
          const h = Math.round((n / max) * 100);
          return (
            <g key={s} transform={`translate(${20 + i * 96}, 0)`}>
              <rect x={0} y={110 - h} width={60} height={h} fill={STATE_COLOURS[s]} rx={4} />
              <text x={30} y={105 - h} textAnchor="middle" fontSize="14" fill="#1F2328">
                {n}
              </text>
              <text x={30} y={132} textAnchor="middle" fontSize="13" fill="#1F2328">
                {t(`xfer.state.${s}`)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
