import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TClaimResult } from '../../../../shared/api/campaigns.ts';
import { Icon } from '../../components/Icon.tsx';

/** Same-name coupons of a bundle shown once with their count: 「NT$50 現金券 ×2」. */
function grouped(coupons: TClaimResult['coupons']): { name: string; count: number }[] {
  const out: { name: string; count: number }[] = [];
  for (const c of coupons) {
    const found = out.find((o) => o.name === c.name);
    if (found) found.count += 1;
    else out.push({ name: c.name, count: 1 });
  }
  return out;
}

/**
 * The bottom sheet after a claim or a redeemed code: what arrived in the wallet, and the way
 * there. A native modal <dialog>: focus moves in and stays, Esc and a tap outside close it.
 */
export function SuccessSheet({ result, onClose }: { result: TClaimResult | null; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (result && !dialog.open) dialog.showModal();
    if (!result && dialog.open) dialog.close();
  }, [result]);

  // The page behind must not scroll under the sheet.
  useEffect(() => {
    if (!result) return;
    const previous = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = previous;
    };
  }, [result]);

  return (
    <dialog
      ref={ref}
      className="claim-sheet"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
    >
      {result ? (
        <div className="claim-sheet__panel">
          <span className="claim-sheet__grabber" aria-hidden="true" />
          <button type="button" className="claim-sheet__x round-btn" onClick={onClose} aria-label={t('claimCentre.sheet.closeLabel')}>
            <Icon name="x" size={20} strokeWidth={1.9} />
          </button>
          <div className="claim-sheet__burst" aria-hidden="true">
            <span className="claim-sheet__confetti" />
            <span className="claim-sheet__check">
              <Icon name="check" size={34} strokeWidth={2.6} />
            </span>
          </div>
          <h2 id={titleId} className="claim-sheet__title">
            {t('claimCentre.sheet.title')}
          </h2>
          <p className="claim-sheet__body">{t('claimCentre.sheet.body', { campaign: result.campaign.name, count: result.coupons.length })}</p>
          {result.pointsSpent > 0 && result.pointsBalance !== null ? (
            <p className="claim-sheet__points">{t('claimCentre.sheet.pointsSpent', { spent: result.pointsSpent.toLocaleString(), balance: result.pointsBalance.toLocaleString() })}</p>
          ) : null}
          <h3 className="visually-hidden">{t('claimCentre.sheet.coupons')}</h3>
          <ul className="claim-sheet__list">
            {grouped(result.coupons).map((c) => (
              <li key={c.name} className="claim-sheet__coupon">
                <span className="claim-sheet__coupon-icon icon-tile" aria-hidden="true">
                  <Icon name="ticketStub" size={18} strokeWidth={1.9} />
                </span>
                <span className="claim-sheet__coupon-name">{c.name}</span>
                <span className="claim-sheet__coupon-count">×{c.count}</span>
              </li>
            ))}
          </ul>
          <div className="claim-sheet__actions">
            <Link to="/app/wallet" className="btn btn--primary btn--large btn--block" onClick={onClose} autoFocus>
              {t('claimCentre.sheet.view')}
            </Link>
            <button type="button" className="btn btn--ghost btn--block" onClick={onClose}>
              {t('claimCentre.sheet.close')}
            </button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
