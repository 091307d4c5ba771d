import { useMutation } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { EmptyState, FormActions, Notice } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { ListTable } from '../components.tsx';
import { PageHeader, Pagination } from '../shared.tsx';
import { refreshCoupons, useCouponTemplates, useIssuedCoupons, type IssuedFilter, type IssuedStatus } from './api.ts';
import { couponUntil, untilInstant } from '../../lib/dates.ts';

const PAGE_SIZE = 20;
const ISSUED_STATUSES = ['active', 'used', 'expired', 'voided'] as const;

interface IssuedRow {
  id: number;
  code: string;
  status: IssuedStatus;
  usesTotal: number;
  usesLeft: number;
  validUntil: string;
  issuedAt: string;
  source: string;
  template: { id: number; name: string; color: string };
  member: { id: number; name: string };
}

/**
 * Issued coupons, newest first: who holds which code, what is left of it, and a 作廢 action that
 * asks for a reason in place.
 */
export function IssuedTable({ templateId, showTemplate, highlightId, filter = {} }: { templateId: number | null; showTemplate: boolean; highlightId?: number | null; filter?: IssuedFilter }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const { timeZone } = time;
  const [page, setPage] = useState(1);
  const coupons = useIssuedCoupons(templateId, page, PAGE_SIZE, filter);
  const [voiding, setVoiding] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);

  const filterKey = JSON.stringify(filter);
  useEffect(() => setPage(1), [templateId, filterKey]);
  useEffect(() => {
    if (voiding !== null) reasonRef.current?.focus();
  }, [voiding]);

  const voidCoupon = useMutation({
    mutationFn: (row: IssuedRow) => call('consoleVoidCoupon', { params: { id: row.id }, body: { reason: reason.trim() } }),
    onSuccess: (_, row) => {
      setVoiding(null);
      setReason('');
      setMessage({ kind: 'success', text: t('cpn.issued.voided', { name: row.member.name, code: row.code }) });
      void refreshCoupons();
    },
    onError: (error) => {
      if (isApiError(error) && error.field === 'reason') setReasonError(error.fieldMessage);
      else setMessage({ kind: 'error', text: errorMessage(error) });
    },
  });

  const columns = showTemplate ? 8 : 7;
  const items = (coupons.data?.items ?? []) as IssuedRow[];

  const startVoid = (row: IssuedRow) => {
    setMessage(null);
    setReason('');
    setReasonError(null);
    setVoiding(row.id);
  };

  return (
    <div className="stack stack--tight">
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <ListTable
        query={coupons}
        columns={[
          t('cpn.issued.member'),
          showTemplate ? t('cpn.issued.template') : null,
          t('cpn.issued.code'),
          t('cpn.issued.status'),
          t('cpn.issued.usesLeft'),
          t('cpn.issued.validUntil'),
          t('cpn.issued.issuedAt'),
          { actions: t('cpn.issued.actions') },
        ]}
        isEmpty={items.length === 0}
        empty={<EmptyState icon="ticket" title={t('cpn.issued.empty')} body={templateId ? t('cpn.issued.emptyBody') : undefined} />}
        className="table cpn-issued"
        caption={t('cpn.issued.caption')}
        skeletonRows={4}
        testId="issued-table"
      >
        {items.map((row) => (
          <Fragment key={row.id}>
            <tr className={`${row.status === 'voided' ? 'is-muted' : ''} ${highlightId === row.id ? 'cpn-row--new' : ''}`}>
              <td>
                <Link to={`/console/members/${row.member.id}`} className="person__link">
                  {row.member.name}
                </Link>
              </td>
              {showTemplate ? (
                <td>
                  <span className="cpn-name cpn-name--small">
                    <span className="cpn-swatch-bar cpn-swatch-bar--small" style={{ background: row.template.color }} aria-hidden="true" />
                    <Link to={`/console/coupons/${row.template.id}?tab=issue`} className="person__link">
                      {row.template.name}
                    </Link>
                  </span>
                </td>
              ) : null}
              <td>
                <code>{row.code}</code>
              </td>
              <td>
                <span className={`cpn-coupon-status cpn-coupon-status--${row.status}`}>{t(`cpn.couponStatus.${row.status}`)}</span>
              </td>
              <td className="nowrap">{t('cpn.issued.usesOf', { left: row.usesLeft, total: row.usesTotal })}</td>
              <td className="nowrap muted">
                {couponUntil(row.validUntil, time.lang, (until) => <time dateTime={until}>{time.dateTime(untilInstant(until, timeZone))}</time>)}
              </td>
              <td className="nowrap muted">
                <time dateTime={row.issuedAt}>{time.dateTime(row.issuedAt)}</time>
              </td>
              <td className="row-actions">
                {row.status === 'active' && voiding !== row.id ? (
                  <button type="button" className="btn btn--ghost btn--small cpn-danger-text" aria-label={t('cpn.issued.voidLabel', { name: row.member.name, code: row.code })} onClick={() => startVoid(row)}>
                    {t('cpn.issued.void')}
                  </button>
                ) : null}
              </td>
            </tr>
            {voiding === row.id ? (
              <tr className="cpn-void-row">
                <td colSpan={columns}>
                  <form
                    className="cpn-void"
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (!reason.trim()) {
                        setReasonError(t('cpn.issued.reasonRequired'));
                        reasonRef.current?.focus();
                        return;
                      }
                      setReasonError(null);
                      voidCoupon.mutate(row);
                    }}
                  >
                    <span className="cpn-void__title">{t('cpn.issued.voidTitle', { name: row.member.name, code: row.code })}</span>
                    <Field label={t('cpn.issued.reason')} hideLabel announce={false} className="cpn-void__field" error={reasonError ?? undefined} inputRef={reasonRef}
                      maxLength={200}
                      placeholder={t('cpn.issued.reasonPlaceholder')}
                      value={reason}
                      onChange={(e) => {
                        setReason(e.target.value);
                        if (reasonError) setReasonError(null);
                      }}
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') setVoiding(null);
                      }}
                    />
                    <FormActions small danger className="cpn-void__buttons" busy={voidCoupon.isPending} cancelLabel={t('common.cancel')} onCancel={() => setVoiding(null)} submitLabel={t('cpn.issued.voidConfirm')} busyLabel={t('cpn.issued.voiding')} />
                  </form>
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </ListTable>
      {coupons.data ? (
        <div className="cpn-table-foot">
          <span className="muted">{t('cpn.issued.total', { count: coupons.data.total })}</span>
          <Pagination page={page} pageSize={PAGE_SIZE} total={coupons.data.total} onPage={setPage} />
        </div>
      ) : null}
    </div>
  );
}

/** /console/coupon-list: every issued coupon, optionally of one template. */
export function IssuedCouponsPage() {
  const { t } = useTranslation();
  const templates = useCouponTemplates();
  const [params, setParams] = useSearchParams();
  const templateId = Number(params.get('templateId')) || null;
  const selectId = useId();
  const q = params.get('q') ?? '';
  const statusParam = params.get('status') ?? '';
  const status = (ISSUED_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as IssuedStatus) : undefined;
  const memberId = Number(params.get('member')) || undefined;
  const couponId = Number(params.get('coupon')) || undefined;
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const filter: IssuedFilter = { ...(q ? { q } : {}), ...(status ? { status } : {}), ...(memberId ? { memberId } : {}), ...(couponId ? { couponId } : {}) };
  return (
    <div className="stack">
      <PageHeader title={t('cpn.issued.title')} intro={t('cpn.issued.intro')} />
      <div className="cpn-toolbar">
        <label className="field__label" htmlFor={selectId}>
          {t('cpn.issued.filter')}
        </label>
        <select
          id={selectId}
          className="field__input cpn-select"
          value={templateId ?? ''}
          onChange={(e) => update({ templateId: e.target.value })}
        >
          <option value="">{t('cpn.issued.allTemplates')}</option>
          {templates.data?.items.map((v) => (
            <option key={v.id} value={v.id}>
              {v.status === 'archived' ? t('cpn.issued.archivedOption', { name: v.name }) : v.name}
            </option>
          ))}
        </select>
      </div>
      <form
        className="ins-filters"
        role="search"
        aria-label={t('ins.filters.search')}
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: draft.trim(), member: '', coupon: '' });
        }}
      >
        <label>
          <span className="field__label">{t('ins.filters.search')}</span>
          <input className="field__input" type="search" value={draft} placeholder={t('ins.filters.searchPlaceholder')} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <label>
          <span className="field__label">{t('ins.filters.status')}</span>
          <select className="field__input" value={status ?? ''} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{t('ins.filters.allStatuses')}</option>
            {ISSUED_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`ins.member.couponStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn--secondary">
          {t('ins.filters.apply')}
        </button>
      </form>
      <IssuedTable templateId={templateId} showTemplate filter={filter} />
    </div>
  );
}
