import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TClaimResult } from '../../../../shared/api/campaigns.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { afterClaim, refreshClaims } from './api.ts';
import { Icon } from '../../components/Icon.tsx';
import { CODE_INPUT } from '../../lib/forms.ts';

/**
 * How long a code lock-out lasts. The server's RATE_LIMITED message carries the minutes
 * (「請 15 分鐘後再試」 / "try again in 15 min"); the client's ApiError keeps no details.
 */
function lockMinutes(message: string, fallback = 15): number {
  const match = /(\d+)/.exec(message);
  const minutes = match ? Number(match[1]) : NaN;
  return Number.isFinite(minutes) && minutes > 0 && minutes <= 24 * 60 ? minutes : fallback;
}

const LOCK_KEY = 'claim.codeLockedUntil';

function storedLock(): number | null {
  try {
    const value = Number(sessionStorage.getItem(LOCK_KEY));
    return Number.isFinite(value) && value > Date.now() ? value : null;
  } catch {
    return null;
  }
}

function storeLock(until: number | null): void {
  try {
    if (until === null) sessionStorage.removeItem(LOCK_KEY);
    else sessionStorage.setItem(LOCK_KEY, String(until));
  } catch {
    // private mode: the lock lasts for this page only (the server enforces it anyway)
  }
}

/** The current time, ticking every `everyMs` while `active`. */
function useNow(active: boolean, everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [active, everyMs]);
  return now;
}

/** Codes are letters, digits and dashes; people type them in any case and with stray spaces. */
export function normalizeTypedCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/**
 * 「輸入兌換碼」: the member types a redemption code and receives its coupon(s). A wrong or used
 * code gets the server's one uniform answer; too many wrong ones lock the form for a while.
 */
export function CodeCard({ onRedeemed, onSubmitted }: { onRedeemed: (result: TClaimResult) => void; onSubmitted?: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const caret = useRef<[number, number] | null>(null);
  const inFlight = useRef(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(storedLock);
  const now = useNow(lockedUntil !== null, 5_000);
  const locked = lockedUntil !== null && lockedUntil > now;
  const lockLeftMinutes = locked ? Math.max(1, Math.ceil((lockedUntil - now) / 60_000)) : 0;

  useEffect(() => {
    if (lockedUntil !== null && lockedUntil <= now) {
      setLockedUntil(null);
      storeLock(null);
    }
  }, [lockedUntil, now]);

  // Upper-casing as people type must not throw the caret to the end of the field.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (caret.current && input && document.activeElement === input) input.setSelectionRange(...caret.current);
    caret.current = null;
  }, [code]);

  const redeem = useMutation({
    mutationFn: (value: string) => call('redeemCode', { body: { code: value } }),
  });

  function onChange(event: ChangeEvent<HTMLInputElement>) {
    const input = event.target;
    const composing = (event.nativeEvent as InputEvent).isComposing;
    caret.current = [input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length];
    setCode(composing ? input.value : input.value.toUpperCase());
    if (error) setError(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current || locked) return;
    const value = normalizeTypedCode(code);
    if (!value) {
      setError(t('claimCentre.code.empty'));
      inputRef.current?.focus();
      return;
    }
    inFlight.current = true;
    onSubmitted?.();
    setError(null);
    setCode(value);
    redeem.mutate(value, {
      onSuccess: (result) => {
        setCode('');
        afterClaim();
        onRedeemed(result);
      },
      onError: (failure) => {
        if (isApiError(failure) && failure.code === 'RATE_LIMITED') {
          const until = Date.now() + lockMinutes(failure.message) * 60_000;
          setLockedUntil(until);
          storeLock(until);
          return;
        }
        setError(errorMessage(failure));
        // Sold out or already claimed: the offers below may have changed as well.
        if (isApiError(failure) && (failure.code === 'OUT_OF_STOCK' || failure.code === 'ALREADY_CLAIMED')) void refreshClaims();
        window.setTimeout(() => inputRef.current?.select(), 0);
      },
      onSettled: () => {
        inFlight.current = false;
      },
    });
  }

  const message = locked ? t('claimCentre.code.locked', { count: lockLeftMinutes }) : error;
  const pending = redeem.isPending;

  return (
    <section className={`claim-code ${locked ? 'claim-code--locked' : ''}`} aria-labelledby={titleId}>
      <div className="claim-code__head">
        <span className="claim-code__icon icon-tile" aria-hidden="true">
          <Icon name={locked ? 'lock' : 'key'} size={22} strokeWidth={1.9} />
        </span>
        <div>
          <h2 id={titleId} className="claim-code__title">
            {t('claimCentre.code.title')}
          </h2>
          <p className="claim-code__hint">{t('claimCentre.code.hint')}</p>
        </div>
      </div>
      <form className="claim-code__form" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
        <label className="visually-hidden" htmlFor={inputId}>
          {t('claimCentre.code.label')}
        </label>
        <div className={`claim-code__row ${message ? 'is-invalid' : ''}`}>
          <input
            ref={inputRef}
            id={inputId}
            className="claim-code__input"
            value={code}
            onChange={onChange}
            onCompositionEnd={(event) => setCode(event.currentTarget.value.toUpperCase())}
            placeholder={t('claimCentre.code.placeholder')}
            {...CODE_INPUT}
            enterKeyHint="go"
            maxLength={64}
            disabled={locked}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? errorId : undefined}
          />
          <button type="submit" className={`btn btn--primary claim-code__submit ${pending ? 'is-pending' : ''}`} disabled={locked || pending} aria-busy={pending || undefined}>
            {pending ? <span className="claim-spinner" aria-hidden="true" /> : null}
            {locked ? t('claimCentre.code.lockedShort') : pending ? t('claimCentre.code.submitting') : t('claimCentre.code.submit')}
          </button>
        </div>
        {message ? (
          <p id={errorId} className="claim-code__error" role="alert">
            <Icon name={locked ? 'clock' : 'alert'} size={16} strokeWidth={1.9} />
            <span>{message}</span>
          </p>
        ) : null}
      </form>
    </section>
  );
}
