import { useMutation } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { EmptyState, ErrorState, Notice } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ActionsHeader, DataTable } from '../components.tsx';
import { PageHeader, Pagination } from '../shared.tsx';
import { refreshCoupons, untilInstant, useCouponTemplates, useIssuedCoupons, type IssuedStatus } from './api.ts';

const PAGE_SIZE = 20;

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
export function IssuedTable({ templateId, showTemplate, highlightId }: { templateId: number | null; showTemplate: boolean; highlightId?: number | null }) {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const timeZone = config?.timezone ?? 'Asia/Taipei';
  const [page, setPage] = useState(1);
  const coupons = useIssuedCoupons(templateId, page, PAGE_SIZE);
  const [voiding, setVoiding] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const reasonId = useId();

  useEffect(() => setPage(1), [templateId]);
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
      {coupons.isError ? (
        <ErrorState error={coupons.error} onRetry={() => void coupons.refetch()} />
      ) : !coupons.isPending && items.length === 0 ? (
        <EmptyState icon="ticket" title={t('cpn.issued.empty')} body={templateId ? t('cpn.issued.emptyBody') : undefined} />
      ) : (
        <DataTable
          className="table cpn-issued"
          caption={t('cpn.issued.caption')}
          pending={coupons.isPending}
          columns={columns}
          skeletonRows={4}
          testId="issued-table"
          head={
            <>
              <th scope="col">{t('cpn.issued.member')}</th>
              {showTemplate ? <th scope="col">{t('cpn.issued.template')}</th> : null}
              <th scope="col">{t('cpn.issued.code')}</th>
              <th scope="col">{t('cpn.issued.status')}</th>
              <th scope="col">{t('cpn.issued.usesLeft')}</th>
              <th scope="col">{t('cpn.issued.validUntil')}</th>
              <th scope="col">{t('cpn.issued.issuedAt')}</th>
              <ActionsHeader label={t('cpn.issued.actions')} />
            </>
          }
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
                  <time dateTime={row.validUntil}>{formatDateTime(untilInstant(row.validUntil, timeZone), timeZone)}</time>
                </td>
                <td className="nowrap muted">
                  <time dateTime={row.issuedAt}>{formatDateTime(row.issuedAt, timeZone)}</time>
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
                      <div className={`field cpn-void__field ${reasonError ? 'field--invalid' : ''}`}>
                        <label className="visually-hidden" htmlFor={reasonId}>
                          {t('cpn.issued.reason')}
                        </label>
                        <input
                          id={reasonId}
                          ref={reasonRef}
                          className="field__input"
                          maxLength={200}
                          placeholder={t('cpn.issued.reasonPlaceholder')}
                          value={reason}
                          aria-invalid={reasonError ? true : undefined}
                          aria-describedby={reasonError ? `${reasonId}-error` : undefined}
                          onChange={(e) => {
                            setReason(e.target.value);
                            if (reasonError) setReasonError(null);
                          }}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') setVoiding(null);
                          }}
                        />
                        {reasonError ? (
                          <p id={`${reasonId}-error`} className="field__error">
                            {reasonError}
                          </p>
                        ) : null}
                      </div>
                      <span className="cpn-void__buttons">
                        <button type="button" className="btn btn--ghost btn--small" onClick={() => setVoiding(null)} disabled={voidCoupon.isPending}>
                          {t('common.cancel')}
                        </button>
                        <button type="submit" className="btn btn--danger btn--small" disabled={voidCoupon.isPending}>
                          {voidCoupon.isPending ? t('cpn.issued.voiding') : t('cpn.issued.voidConfirm')}
                        </button>
                      </span>
                    </form>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </DataTable>
      )}
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
  return (
    <div className="stack">
      <PageHeader title={t('cpn.issued.title')} />
      <p className="page-intro muted">{t('cpn.issued.intro')}</p>
      <div className="cpn-toolbar">
        <label className="field__label" htmlFor={selectId}>
          {t('cpn.issued.filter')}
        </label>
        <select
          id={selectId}
          className="field__input cpn-select"
          value={templateId ?? ''}
          onChange={(e) => setParams(e.target.value ? { templateId: e.target.value } : {}, { replace: true })}
        >
          <option value="">{t('cpn.issued.allTemplates')}</option>
          {templates.data?.items.map((v) => (
            <option key={v.id} value={v.id}>
              {v.status === 'archived' ? t('cpn.issued.archivedOption', { name: v.name }) : v.name}
            </option>
          ))}
        </select>
      </div>
      <IssuedTable templateId={templateId} showTemplate />
    </div>
  );
}
