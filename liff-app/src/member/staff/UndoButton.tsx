import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TRedemptionView } from '../../../../shared/api/coupons.ts';
import { call, errorMessage } from '../../api/client.ts';
import { refreshWallet } from '../wallet/api.ts';
import { mmss } from '../wallet/format.ts';
import { Icon } from '../../components/Icon.tsx';
import { refreshRedemptions } from './api.ts';
import { counterUnitWords } from './unit-words.ts';
import { useLanguage } from '../../i18n/index.ts';

/** Ticks every second while `until` is ahead; returns the milliseconds left (0 once passed). */
export function useTimeLeft(until: string | null): number {
  const target = until ? Date.parse(until) : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!target || target <= Date.now()) return;
    const tick = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= target) clearInterval(tick);
    }, 1000);
    return () => clearInterval(tick);
  }, [target]);
  return Math.max(0, target - now);
}

/**
 * 「取消核銷」 while the undo window is open, in two steps (a mistaken tap on the counter is
 * easy): ask, then undo. The uses return to the member's coupon.
 */
export function UndoButton({ redemption, onUndone, size = 'large' }: { redemption: TRedemptionView; onUndone: (r: TRedemptionView) => void; size?: 'large' | 'small' }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const undoConfirm = counterUnitWords(redemption.unit, lang).undoConfirm;
  const left = useTimeLeft(redemption.voidedAt ? null : redemption.undoUntil);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (redemption.voidedAt || left <= 0) return null;

  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      const undone = await call('staffUndo', { params: { id: redemption.id } });
      setAsking(false);
      onUndone(undone);
      void refreshRedemptions(redemption.storeId);
      void refreshWallet();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const small = size === 'small';
  return (
    <div className={`undo ${small ? 'undo--small' : ''}`}>
      {asking ? (
        <div className="undo__confirm" role="group" aria-label={undoConfirm}>
          <p>{undoConfirm}</p>
          <div className="undo__actions">
            <button type="button" className={`btn btn--secondary ${small ? 'btn--small' : ''}`} onClick={() => setAsking(false)} disabled={busy}>
              {t('staff.undoNo')}
            </button>
            <button type="button" className={`btn btn--danger ${small ? 'btn--small' : ''}`} onClick={() => void undo()} disabled={busy}>
              {busy ? t('staff.undoing') : t('staff.undoYes')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className={`btn btn--secondary undo__button ${small ? 'btn--small' : 'btn--block'}`} onClick={() => setAsking(true)}>
          <Icon name="undo" size={18} />
          {t('staff.undo')}
          <span className="undo__left">{t('staff.undoLeft', { time: mmss(left) })}</span>
        </button>
      )}
      {error ? (
        <p className="undo__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
