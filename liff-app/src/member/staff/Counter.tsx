import { passTodayText, passUntilText } from '../../../../shared/coupons/pass.ts';
import { unitsLeftText, unitsText, type CouponUnit } from '../../../../shared/coupons/units.ts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TRedemptionView, TValidation } from '../../../../shared/api/coupons.ts';
import type { TPublicConfig } from '../../../../shared/api/schemas.ts';
import type { TMemberCardLookup } from '../../../../shared/api/member-card.ts';
import { call, isApiError } from '../../api/client.ts';
import { Icon } from '../../components/Icon.tsx';
import { CouponHero } from '../wallet/CouponCard.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { couponUntil, formatDay, lastValidInstant } from '../../lib/dates.ts';
import { groupCode, ntd } from '../wallet/format.ts';
import { isUncertain, newIdempotencyKey, redeemCoupon, refreshRedemptions } from './api.ts';
import { CameraScanner } from './CameraScanner.tsx';
import { liffScanner, normalizeTyped, scanPhoto, type CameraProblem, type LiffScan } from './scan.ts';
import { UndoButton } from './UndoButton.tsx';
import { counterUnitWords } from './unit-words.ts';
import { Facts } from '../../components/ui.tsx';
import { CODE_INPUT } from '../../lib/forms.ts';
import { Field } from '../../components/Field.tsx';

type Step =
  | { kind: 'input' }
  | { kind: 'checking' }
  | { kind: 'failed'; error: unknown }
  /** `code`: the coupon's own code, used from here on (a scanned QR token lapses within a minute). */
  | { kind: 'verdict'; validation: TValidation; code: string }
  /** A member card (會員條碼) was read instead of a coupon. */
  | { kind: 'member'; member: TMemberCardLookup['member'] }
  | { kind: 'done'; redemption: TRedemptionView; validation: TValidation; undone: boolean };

const MAX_AMOUNT = 10_000_000;
/** The member card's rotating code: 18 digits starting with 8 (bot-server/auth/rotating-code.ts). */
const MEMBER_CARD_CODE = /^8\d{17}$/;
/** Reasons an order amount can change: the amount field stays; any other refusal hides the inputs. */
const AMOUNT_REASONS = new Set(['MIN_SPEND_NOT_MET', 'AMOUNT_REQUIRED', 'NO_ELIGIBLE_ITEMS']);

/** Reading a code, the verdict, the redemption and its undo, at one store. */
export function Counter({ store, config, onShowing }: { store: { id: number; name: string }; config: TPublicConfig; onShowing?: (redemptionId: string | null) => void }) {
  const [step, setStep] = useState<Step>({ kind: 'input' });
  const showing = step.kind === 'done' ? step.redemption.id : null;
  useEffect(() => {
    onShowing?.(showing);
  }, [showing, onShowing]);
  const lookup = useRef<AbortController | undefined>(undefined);
  const topRef = useRef<HTMLDivElement>(null);

  const check = async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    lookup.current?.abort();
    const abort = new AbortController();
    lookup.current = abort;
    setStep({ kind: 'checking' });
    try {
      const digits = code.replace(/[\s-]/g, '');
      if (MEMBER_CARD_CODE.test(digits)) {
        const found = await call('staffMemberCard', { body: { storeId: store.id, code: digits }, signal: abort.signal });
        if (abort.signal.aborted) return;
        setStep({ kind: 'member', member: found.member });
        return;
      }
      const validation = await call('staffValidate', { body: { storeId: store.id, code }, signal: abort.signal });
      if (abort.signal.aborted) return;
      setStep({ kind: 'verdict', validation, code: validation.coupon.code });
    } catch (error) {
      if (abort.signal.aborted || (error as Error)?.name === 'AbortError') return;
      setStep({ kind: 'failed', error });
    }
    topRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  const reset = () => {
    lookup.current?.abort();
    setStep({ kind: 'input' });
  };

  return (
    <div className="counter" ref={topRef}>
      {step.kind === 'verdict' ? (
        <Verdict
          key={step.validation.coupon.id}
          storeId={store.id}
          initial={step.validation}
          code={step.code}
          config={config}
          onDone={(redemption, validation) => setStep({ kind: 'done', redemption, validation, undone: false })}
          onCancel={reset}
        />
      ) : step.kind === 'member' ? (
        <MemberCardFound member={step.member} onNext={reset} />
      ) : step.kind === 'done' ? (
        <Success
          redemption={step.redemption}
          validation={step.validation}
          undone={step.undone}
          onUndone={(redemption) => setStep({ ...step, redemption, undone: true })}
          onNext={reset}
        />
      ) : (
        <CodeReader storeName={store.name} config={config} busy={step.kind === 'checking'} error={step.kind === 'failed' ? step.error : null} onCode={(code) => void check(code)} />
      )}
    </div>
  );
}

// ── reading a code ───────────────────────────────────────────────────────────────────
function CodeReader({ storeName, config, busy, error, onCode }: { storeName: string; config: TPublicConfig; busy: boolean; error: unknown; onCode: (code: string) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [camera, setCamera] = useState(false);
  const [problem, setProblem] = useState<CameraProblem | 'photo' | 'liff' | null>(null);
  const [liffScan, setLiffScan] = useState<LiffScan | null>(null);
  const [photoBusy, setPhotoBusy] = useState(false);
  const inputId = useId();

  useEffect(() => {
    let live = true;
    void liffScanner(config).then((scan) => {
      if (live) setLiffScan(() => scan);
    });
    return () => {
      live = false;
    };
  }, [config]);

  const scan = async () => {
    setProblem(null);
    if (liffScan) {
      try {
        const value = await liffScan();
        if (value) onCode(value);
      } catch {
        setProblem('liff');
      }
      return;
    }
    setCamera(true);
  };

  const onPhoto = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    setPhotoBusy(true);
    try {
      const value = await scanPhoto(file);
      if (value) onCode(value);
      else setProblem('photo');
    } finally {
      setPhotoBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = normalizeTyped(typed);
    if (code) onCode(code);
  };

  const problemText: Record<CameraProblem | 'photo' | 'liff', string> = {
    denied: t('staff.cameraDenied'),
    missing: t('staff.cameraMissing'),
    unavailable: t('staff.cameraUnavailable'),
    photo: t('staff.photoNoCode'),
    liff: t('staff.liffScanFailed'),
  };

  return (
    <section className="card reader" aria-labelledby="scanner-title">
      <div className="reader__head">
        <h2 id="scanner-title">{t('staff.scannerTitle')}</h2>
        <p className="muted">{t('staff.currentStore', { store: storeName })}</p>
      </div>

      {error ? <LookupError error={error} /> : null}

      {camera ? (
        <CameraScanner
          onCode={(value) => {
            setCamera(false);
            onCode(value);
          }}
          onClose={() => setCamera(false)}
          onProblem={(p) => {
            setCamera(false);
            setProblem(p);
          }}
        />
      ) : (
        <div className="reader__ways">
          <button type="button" className="btn btn--primary btn--large btn--block reader__scan" onClick={() => void scan()} disabled={busy}>
            <Icon name="scan" size={24} />
            {t('staff.scanQr')}
          </button>
          <label className={`btn btn--secondary btn--block reader__photo ${photoBusy || busy ? 'is-disabled' : ''}`}>
            <input
              type="file"
              accept="image/*"
              capture="environment"
              className="visually-hidden"
              disabled={photoBusy || busy}
              onChange={(e) => {
                void onPhoto(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
            <Icon name="camera" size={20} />
            {photoBusy ? t('staff.photoReading') : t('staff.scanPhoto')}
          </label>
        </div>
      )}
      {problem ? (
        <p className="reader__problem soft--warn" role="alert">
          {problemText[problem]}
        </p>
      ) : null}

      <div className="reader__or" aria-hidden="true">
        <span>{t('staff.or')}</span>
      </div>

      <form className="reader__form" onSubmit={submit} aria-label={t('staff.typeForm')}>
        <label htmlFor={inputId} className="field__label">
          {t('staff.codeLabel')}
        </label>
        <div className="reader__row">
          <input
            id={inputId}
            className="field__input reader__input"
            name="code"
            value={typed}
            onChange={(e) => setTyped(e.target.value.toUpperCase())}
            placeholder={t('staff.codePlaceholder')}
            {...CODE_INPUT}
            enterKeyHint="search"
            maxLength={200}
            aria-describedby={`${inputId}-hint`}
          />
          <button type="submit" className="btn btn--primary reader__submit" disabled={busy || normalizeTyped(typed).length === 0}>
            {busy ? t('staff.checking') : t('staff.check')}
          </button>
        </div>
        <p id={`${inputId}-hint`} className="field__hint">
          {t('staff.codeHint')}
        </p>
      </form>
      {busy ? (
        <p className="visually-hidden" role="status">
          {t('staff.checking')}
        </p>
      ) : null}
    </section>
  );
}

/** What went wrong looking a code up, in plain words with what to do next. */
function LookupError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = isApiError(error) ? error.code : null;
  const title =
    code === 'COUPON_NOT_FOUND' || code === 'MEMBER_CARD_NOT_FOUND'
      ? t('staff.errNotFound')
      : code === 'MEMBER_CARD_EXPIRED'
        ? t('staff.errMemberCardExpired')
      : code === 'QR_EXPIRED'
        ? t('staff.errQrExpired')
        : code === 'RATE_LIMITED'
          ? t('staff.errRateLimited')
          : code === 'FORBIDDEN'
            ? t('staff.errForbidden')
            : code === 'NETWORK_ERROR'
              ? t('staff.errNetwork')
              : t('staff.errGeneric');
  // The title says what happened once; the body says what to do (never the same words again).
  const body =
    code === 'QR_EXPIRED'
      ? t('staff.errQrExpiredBody')
      : code === 'MEMBER_CARD_EXPIRED'
        ? t('staff.errMemberCardExpiredBody')
        : code === 'COUPON_NOT_FOUND' || code === 'MEMBER_CARD_NOT_FOUND'
          ? t('staff.errNotFoundHint')
          : isApiError(error)
            ? error.fieldMessage
            : t('errors.generic');
  return (
    <div className="lookup-error" role="alert">
      <Icon name="x" size={26} strokeWidth={2.6} />
      <div>
        <p className="lookup-error__title">{title}</p>
        <p className="lookup-error__body">{body}</p>
      </div>
    </div>
  );
}

// ── the verdict and the redemption ───────────────────────────────────────────────────
function Verdict({
  storeId,
  initial,
  code,
  config,
  onDone,
  onCancel,
}: {
  storeId: number;
  initial: TValidation;
  code: string;
  config: TPublicConfig;
  onDone: (redemption: TRedemptionView, validation: TValidation) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [validation, setValidation] = useState(initial);
  const [amount, setAmount] = useState('');
  /** The amount the shown verdict was computed for. */
  const [checkedAmount, setCheckedAmount] = useState('');
  const [uses, setUses] = useState(1);
  const [revalidating, setRevalidating] = useState(false);
  const [redeeming, setRedeeming] = useState(false);
  const [redeemError, setRedeemError] = useState<unknown>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  /** Kept across retries of one confirmation; a new confirmation gets a new key. */
  const pendingKey = useRef<string | null>(null);
  const coupon = validation.coupon;
  const verdict = validation.verdict;
  // A subscription pass gives at most today's allowance; a 寄杯 ticket, what is left.
  const maxUses = coupon.pass ? Math.min(coupon.usesLeft, coupon.pass.usesLeftToday) : coupon.usesLeft;
  const showAmount = useRef(initial.verdict.needsAmount || initial.coupon.template.minSpend > 0);
  if (verdict.needsAmount) showAmount.current = true;
  const amountValue = amount === '' ? undefined : Number(amount);
  // A coupon that cannot be used now (hours, used up, another store) asks for nothing more.
  const canBecomeUsable = verdict.ok || (verdict.reason !== null && AMOUNT_REASONS.has(verdict.reason));
  // A rule that depends on the amount is not 「可使用」 before the amount is known.
  const awaitingAmount = verdict.ok && verdict.needsAmount;
  const lockedForRetry = pendingKey.current !== null;

  // Re-validate as the amount is typed (debounced), so the verdict and discount follow it.
  const firstRun = useRef(true);
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    const abort = new AbortController();
    setRevalidating(true);
    setCheckError(null);
    const timer = setTimeout(() => {
      call('staffValidate', { body: { storeId, code, ...(amountValue !== undefined ? { orderAmount: amountValue } : {}) }, signal: abort.signal })
        .then((next) => {
          if (abort.signal.aborted) return;
          setValidation(next);
          setCheckedAmount(amount);
          setUses((u) => Math.min(u, Math.max(1, next.coupon.usesLeft)));
        })
        .catch((error: unknown) => {
          if (!abort.signal.aborted) setCheckError(error);
        })
        .finally(() => {
          if (!abort.signal.aborted) setRevalidating(false);
        });
    }, 450);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
    // Only the amount triggers a re-check.
  }, [amount]);

  const canRedeem = verdict.ok && !verdict.needsAmount && !revalidating && amount === checkedAmount && checkError === null && !redeeming && uses >= 1 && uses <= maxUses;

  const redeem = async () => {
    pendingKey.current ??= newIdempotencyKey();
    setRedeeming(true);
    setRedeemError(null);
    try {
      const redemption = await redeemCoupon({ storeId, code, uses, ...(amountValue !== undefined ? { orderAmount: amountValue } : {}) }, pendingKey.current);
      pendingKey.current = null;
      void refreshRedemptions(storeId);
      navigator.vibrate?.([40, 60, 40]);
      onDone(redemption, validation);
    } catch (error) {
      // A lost answer may have gone through: the retry must carry the same key. Any definite
      // answer ends this confirmation; show it and the coupon's state now.
      if (!isUncertain(error)) {
        pendingKey.current = null;
        call('staffValidate', { body: { storeId, code, ...(amountValue !== undefined ? { orderAmount: amountValue } : {}) } })
          .then(setValidation)
          .catch(() => undefined);
      }
      setRedeemError(error);
    } finally {
      setRedeeming(false);
    }
  };

  const uncertain = redeemError !== null && isUncertain(redeemError) && pendingKey.current !== null;

  // Keyboard and screen-reader users land on the verdict, not on the redeem button (an Enter
  // meant for the code field must never redeem).
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    sectionRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <section className="verdict" aria-labelledby="verdict-title" ref={sectionRef} tabIndex={-1}>
      <h2 id="verdict-title" className="visually-hidden">
        {t('staff.verdictTitle')}
      </h2>
      <CouponHero coupon={coupon} compact>
        <div className="verdict__coupon-meta">
          <span>{t('staff.member', { name: validation.member.name || '—' })}</span>
          <span className="verdict__code">{groupCode(coupon.code)}</span>
        </div>
        <div className="verdict__coupon-meta verdict__coupon-meta--sub">
          <span>{couponUntil(coupon.validUntil, lang, (until) => t('wallet.validUntil', { date: formatDay(lastValidInstant(until), config.timezone, lang) }))}</span>
          {coupon.pass ? (
            <span>
              {passUntilText(coupon.pass.lastDay, lang)} · {passTodayText(coupon.pass.usesLeftToday, coupon.unit.key, lang)}
            </span>
          ) : coupon.usesTotal > 1 ? (
            <span>{coupon.unit.key !== 'use' ? unitsLeftText(coupon.unit.key, coupon.usesLeft, lang) : t('wallet.usesLeft', { left: coupon.usesLeft, total: coupon.usesTotal })}</span>
          ) : null}
        </div>
      </CouponHero>

      <div className={`verdict__word ${awaitingAmount ? 'verdict__word--pending' : verdict.ok ? 'verdict__word--ok' : 'verdict__word--no'}`} role="status" aria-live="polite" aria-atomic="true">
        <span className="verdict__icon" aria-hidden="true">
          {awaitingAmount ? <Icon name="cash" size={34} /> : verdict.ok ? <Icon name="check" size={34} /> : <Icon name="x" size={34} strokeWidth={2.6} />}
        </span>
        <div>
          {awaitingAmount ? (
            <>
              <p className="verdict__big">{t('staff.verdictNeedsAmount')}</p>
              {/* Not the server's 「可使用，…」: nothing is usable before the amount is known. */}
              <p className="verdict__message">{coupon.template.minSpend > 0 ? t('staff.awaitingMinSpend', { min: ntd(coupon.template.minSpend) }) : t('staff.awaitingAmount')}</p>
            </>
          ) : verdict.ok ? (
            <>
              <p className="verdict__big">{t('staff.verdictOk')}</p>
              <p className="verdict__message">{verdict.message}</p>
            </>
          ) : (
            <>
              <p className="verdict__label">{t('staff.verdictNo')}</p>
              <p className="verdict__big">{verdict.message}</p>
            </>
          )}
        </div>
      </div>

      {canBecomeUsable && (showAmount.current || (coupon.usesTotal > 1 && coupon.usesLeft > 0)) ? (
        <div className="card verdict__inputs">
          {showAmount.current ? (
            <Field label={t('staff.amountLabel')} hint={revalidating ? t('staff.recalculating') : coupon.template.minSpend > 0 ? t('staff.amountHintMin', { min: ntd(coupon.template.minSpend) }) : t('staff.amountHint')}>
              {(control) => (
                <div className="amount-input">
                  <span aria-hidden="true">NT$</span>
                  <input
                    {...control}
                    className="field__input"
                    inputMode="numeric"
                    pattern="[0-9]*"
                    autoComplete="off"
                    value={amount}
                    disabled={lockedForRetry || redeeming}
                    onChange={(e) => {
                      const digits = e.target.value.replace(/[^0-9]/g, '').replace(/^0+(?=\d)/, '');
                      if (digits === '' || Number(digits) <= MAX_AMOUNT) setAmount(digits);
                    }}
                  />
                </div>
              )}
            </Field>
          ) : null}
          {coupon.usesTotal > 1 && maxUses > 0 ? (
            <UsesStepper value={uses} max={maxUses} total={coupon.usesTotal} unit={coupon.unit.key} disabled={lockedForRetry || redeeming} onChange={setUses} />
          ) : null}
        </div>
      ) : null}

      {checkError ? (
        <p className="verdict__check-error" role="alert">
          {t('staff.recheckFailed', { message: isApiError(checkError) ? checkError.fieldMessage : t('errors.generic') })}
        </p>
      ) : null}

      {redeemError ? (
        uncertain ? (
          <div className="lookup-error lookup-error--warn" role="alert">
            <Icon name="alert" size={26} />
            <div>
              <p className="lookup-error__title">{t('staff.uncertainTitle')}</p>
              <p className="lookup-error__body">{t('staff.uncertainBody')}</p>
            </div>
          </div>
        ) : (
          <div className="lookup-error" role="alert">
            <Icon name="x" size={26} strokeWidth={2.6} />
            <div>
              <p className="lookup-error__title">{t('staff.redeemFailed')}</p>
              <p className="lookup-error__body">{isApiError(redeemError) ? redeemError.fieldMessage : t('errors.generic')}</p>
            </div>
          </div>
        )
      ) : null}

      <div className="verdict__actions">
        {uncertain ? (
          <button type="button" className="btn btn--primary btn--large btn--block confirm-button" onClick={() => void redeem()} disabled={redeeming}>
            {redeeming ? t('staff.redeeming') : t('staff.retryRedeem')}
          </button>
        ) : verdict.ok ? (
          <button type="button" className="btn btn--primary btn--large btn--block confirm-button" onClick={() => void redeem()} disabled={!canRedeem}>
            {redeeming ? t('staff.redeeming') : uses > 1 ? (coupon.unit.key !== 'use' ? `${t('staff.confirm')} · ${unitsText(coupon.unit.key, uses, lang)}` : t('staff.confirmUses', { count: uses })) : t('staff.confirm')}
          </button>
        ) : null}
        {verdict.ok && verdict.needsAmount && !revalidating ? <p className="verdict__need">{t('staff.amountNeeded')}</p> : null}
        <button type="button" className="btn btn--ghost btn--block" onClick={onCancel} disabled={redeeming}>
          {verdict.ok ? t('staff.cancel') : t('staff.scanAnother')}
        </button>
      </div>
    </section>
  );
}

function UsesStepper({ value, max, total, unit, disabled, onChange }: { value: number; max: number; total: number; unit: CouponUnit; disabled: boolean; onChange: (n: number) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const id = useId();
  const words = counterUnitWords(unit, lang);
  return (
    <div className="stepper" role="group" aria-labelledby={id}>
      <div>
        <p id={id} className="field__label">
          {words.usesLabel}
        </p>
        <p className="field__hint">{unit !== 'use' ? unitsLeftText(unit, max, lang) : t('wallet.usesLeft', { left: max, total })}</p>
      </div>
      <div className="stepper__controls">
        <button type="button" className="stepper__button" onClick={() => onChange(Math.max(1, value - 1))} disabled={disabled || value <= 1} aria-label={words.decrease}>
          <Icon name="minus" size={22} strokeWidth={2.4} />
        </button>
        <output className="stepper__value" aria-live="polite">
          {value}
        </output>
        <button type="button" className="stepper__button" onClick={() => onChange(Math.min(max, value + 1))} disabled={disabled || value >= max} aria-label={words.increase}>
          <Icon name="plus" size={22} strokeWidth={2.4} />
        </button>
      </div>
    </div>
  );
}

// ── done ─────────────────────────────────────────────────────────────────────────────
function Success({
  redemption,
  validation,
  undone,
  onUndone,
  onNext,
}: {
  redemption: TRedemptionView;
  validation: TValidation;
  undone: boolean;
  onUndone: (r: TRedemptionView) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    next.current?.focus({ preventScroll: true });
  }, []);
  const exchange = validation.coupon.template.kind === 'exchange';
  // 寄杯 counts cups: 「3 杯 · 剩 7 杯」 rather than 次.
  const unit = validation.coupon.unit.key;
  const words = counterUnitWords(unit, lang);
  const usesAfter = unit !== 'use' ? `${unitsText(unit, redemption.uses, lang)} · ${unitsLeftText(unit, redemption.usesLeft, lang)}` : t('staff.usesAfter', { uses: redemption.uses, left: redemption.usesLeft });
  const benefit = exchange ? validation.coupon.template.summary : redemption.discount !== null ? t('staff.discount', { amount: ntd(redemption.discount) }) : validation.coupon.template.summary;

  return (
    <section className={`success ${undone ? 'success--undone' : ''}`} aria-labelledby="success-title">
      <div className="success__mark" aria-hidden="true">
        {undone ? <Icon name="undo" size={44} strokeWidth={2.4} /> : <Icon name="check" size={52} />}
      </div>
      <div role="status" aria-live="polite" className="success__words">
        <h2 id="success-title" className="success__title">
          {undone ? t('staff.undoneTitle') : t('staff.successTitle')}
        </h2>
        <p className="success__benefit">{benefit}</p>
      </div>
      <Facts
        className="success__facts"
        rows={[
          [t('staff.factCoupon'), redemption.couponName],
          [t('staff.factMember'), redemption.memberName || '—'],
          redemption.orderAmount !== null && [t('staff.factAmount'), ntd(redemption.orderAmount)],
          [words.fact, undone ? words.restored : validation.coupon.usesTotal > 1 ? usesAfter : t('staff.usedUp')],
          [t('staff.factStore'), redemption.storeName],
        ]}
      />
      {undone ? null : <UndoButton redemption={redemption} onUndone={onUndone} />}
      <button ref={next} type="button" className="btn btn--primary btn--large btn--block" onClick={onNext}>
        <Icon name="scan" size={22} />
        {t('staff.next')}
      </button>
    </section>
  );
}

// ── a member card read at the counter ────────────────────────────────────────────────
function MemberCardFound({ member, onNext }: { member: TMemberCardLookup['member']; onNext: () => void }) {
  const { t } = useTranslation();
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    next.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section className="card member-found" aria-labelledby="member-found-title">
      <h2 id="member-found-title" className="section-title">
        {t('staff.memberCardTitle')}
      </h2>
      <p role="status" data-member-number={member.memberNumber}>
        {t('staff.memberCardBody', { name: member.name || '—', no: member.memberNumber })}
      </p>
      <button ref={next} type="button" className="btn btn--primary btn--large btn--block" onClick={onNext}>
        <Icon name="scan" size={22} />
        {t('staff.next')}
      </button>
    </section>
  );
}
