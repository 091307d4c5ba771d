import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/ui.tsx';
import { refreshCoupons, type TCouponTemplateView } from './api.ts';
import { IssuedTable } from './IssuedCoupons.tsx';

/** 發給會員 by mobile number, then the coupons issued from this template with 作廢. */
export function IssuePanel({ view }: { view: TCouponTemplateView }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [mobile, setMobile] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [lastIssued, setLastIssued] = useState<number | null>(null);
  const archived = view.status === 'archived';
  const soldOut = view.totalStock !== null && view.issuedCount >= view.totalStock;
  const noCodes = view.codeMode === 'imported' && view.importedCodesLeft === 0;

  /** The console's words for each refusal: the server's defaults speak to members. */
  const explain = (error: unknown): { field: boolean; text: string } => {
    if (!isApiError(error)) return { field: false, text: errorMessage(error) };
    switch (error.code) {
      case 'MOBILE_INVALID':
        return { field: true, text: t('cpn.issue.mobileInvalid') };
      case 'MEMBER_NOT_FOUND':
        return { field: true, text: t('cpn.issue.memberNotFound', { mobile: mobile.trim() }) };
      case 'OUT_OF_STOCK':
        return { field: false, text: view.codeMode === 'imported' ? t('cpn.issue.noCodesLeft') : t('cpn.issue.outOfStock', { total: view.totalStock ?? 0 }) };
      case 'MEMBER_LIMIT_REACHED':
        return { field: true, text: t('cpn.issue.limitReached', { limit: view.perMemberLimit ?? 1 }) };
      case 'NOT_FOUND':
        return { field: false, text: t('cpn.issue.notOffered') };
      case 'VALIDATION_FAILED':
        return { field: error.field === 'mobile', text: error.fieldMessage };
      default:
        return { field: false, text: error.message };
    }
  };

  const issue = useMutation({
    mutationFn: () => call('consoleIssueCoupon', { body: { templateId: view.id, mobile: mobile.trim() } }),
    onMutate: () => {
      setMessage(null);
      setFieldError(null);
    },
    onSuccess: (coupon) => {
      setMessage({ kind: 'success', text: t('cpn.issue.issued', { name: coupon.member.name, code: coupon.code }) });
      setLastIssued(coupon.id);
      setMobile('');
      void refreshCoupons();
    },
    onError: (error) => {
      const { field, text } = explain(error);
      if (field) {
        setFieldError(text);
        inputRef.current?.focus();
      } else {
        setMessage({ kind: 'error', text });
      }
      // Stock or codes may have run out meanwhile: show the real numbers.
      void refreshCoupons();
    },
  });

  return (
    <div className="stack">
      <section className="panel cpn-section" aria-labelledby="cpn-issue-title">
        <div className="cpn-section__head">
          <h2 id="cpn-issue-title">{t('cpn.issue.title')}</h2>
        </div>
        <div className="cpn-section__body">
          {archived ? (
            <p className="muted">{t('cpn.issue.archived')}</p>
          ) : (
            <form
              className="cpn-issue"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (!mobile.trim()) {
                  setFieldError(t('cpn.issue.mobileRequired'));
                  inputRef.current?.focus();
                  return;
                }
                issue.mutate();
              }}
            >
              <Field
                label={t('cpn.issue.mobile')}
                className="cpn-issue__field"
                error={fieldError ?? undefined}
                hint={soldOut ? t('cpn.issue.soldOutHint') : noCodes ? t('cpn.issue.noCodesLeft') : t('cpn.issue.hint')}
                inputRef={inputRef}
                type="tel"
                inputMode="tel"
                autoComplete="off"
                placeholder="0912345678"
                maxLength={30}
                value={mobile}
                onChange={(e) => {
                  setMobile(e.target.value);
                  if (fieldError) setFieldError(null);
                }}
              />
              <button type="submit" className="btn btn--primary cpn-issue__button" disabled={issue.isPending}>
                {issue.isPending ? t('cpn.issue.issuing') : t('cpn.issue.submit')}
              </button>
            </form>
          )}
          {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
        </div>
      </section>
      <section className="stack stack--tight" aria-labelledby="cpn-issued-title">
        <h2 id="cpn-issued-title" className="cpn-h2">
          {t('cpn.issued.forTemplate')}
        </h2>
        <IssuedTable templateId={view.id} showTemplate={false} highlightId={lastIssued} />
      </section>
    </div>
  );
}
