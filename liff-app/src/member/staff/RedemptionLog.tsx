import { useTranslation } from 'react-i18next';
import { queryClient } from '../../api/query.ts';
import { ErrorState, Skeleton } from '../../components/ui.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { formatClock } from '../../lib/dates.ts';
import { ntd } from '../wallet/format.ts';
import { staffKeys, useStoreRedemptions } from './api.ts';
import { UndoButton } from './UndoButton.tsx';
import { counterUnitWords } from './unit-words.ts';

/** 今日核銷紀錄 at this store: newest first, voided ones struck through, undo while allowed. */
export function RedemptionLog({ store, timeZone, hideUndoFor }: { store: { id: number; name: string }; timeZone: string; hideUndoFor?: string | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const log = useStoreRedemptions(store.id);
  const items = log.data?.items ?? [];
  const counted = items.filter((r) => !r.voidedAt).length;

  return (
    <section className="log" aria-labelledby="log-title">
      <div className="log__head">
        <h2 id="log-title" className="section-title">
          {t('staff.todayTitle')}
        </h2>
        {log.data ? <span className="log__count">{t('staff.todayCount', { count: counted })}</span> : null}
      </div>
      {log.isPending ? (
        <div className="log__list" aria-busy="true">
          {[0, 1].map((i) => (
            <Skeleton key={i} height={68} radius={14} />
          ))}
        </div>
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : items.length === 0 ? (
        <p className="log__empty">{t('staff.todayEmpty', { store: store.name })}</p>
      ) : (
        <ul className="log__list">
          {items.map((r) => (
            <li key={r.id} className={`log__item ${r.voidedAt ? 'log__item--voided' : ''}`}>
              <div className="log__row">
                <time className="log__time" dateTime={r.createdAt}>
                  {formatClock(r.createdAt, timeZone, lang)}
                </time>
                <div className="log__main">
                  {r.voidedAt ? (
                    <del className="log__name">
                      <span className="visually-hidden">{t('staff.voided')}：</span>
                      {r.couponName}
                    </del>
                  ) : (
                    <span className="log__name">{r.couponName}</span>
                  )}
                  <span className="log__sub">
                    {r.memberName || '—'} · {r.code}
                    {r.uses > 1 ? ` · ${counterUnitWords(r.unit, lang).count(r.uses)}` : ''}
                  </span>
                </div>
                <div className="log__side">
                  {r.voidedAt ? <span className="log__voided">{t('staff.voided')}</span> : r.discount ? <span className="log__discount">−{ntd(r.discount)}</span> : null}
                </div>
              </div>
              {/* The one on the success screen above already offers its undo. */}
              {r.id === hideUndoFor ? null : (
              <UndoButton
                redemption={r}
                size="small"
                onUndone={(undone) => {
                  queryClient.setQueryData(staffKeys.redemptions(store.id), (old: typeof log.data) =>
                    old ? { items: old.items.map((item) => (item.id === undone.id ? undone : item)) } : old,
                  );
                }}
              />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
