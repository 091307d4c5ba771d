import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A ring that empties until a rotating code (a coupon's QR, the member card) is replaced, and the
 * seconds in words. Screen readers hear `note` once, not a number changing every second.
 */
export function RotationCountdown({ nextAt, note, periodMs = 30_000 }: { nextAt: number; note: string; periodMs?: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(tick);
  }, [nextAt]);
  const left = Math.max(0, nextAt - now);
  const seconds = Math.ceil(left / 1000);
  const fraction = Math.min(1, left / periodMs);
  const r = 9;
  const circumference = 2 * Math.PI * r;
  return (
    <p className="qr-countdown">
      <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" className="qr-countdown__ring">
        <circle cx="11" cy="11" r={r} fill="none" stroke="#e5e7eb" strokeWidth="3" />
        <circle cx="11" cy="11" r={r} fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeDasharray={circumference} strokeDashoffset={circumference * (1 - fraction)} transform="rotate(-90 11 11)" />
      </svg>
      <span aria-hidden="true">{seconds > 0 ? t('wallet.qrRefreshIn', { seconds }) : t('wallet.qrRefreshing')}</span>
      <span className="visually-hidden">{note}</span>
    </p>
  );
}
