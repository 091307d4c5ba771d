import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { Notice, Skeleton } from '../../components/ui.tsx';
import { useAssignTier, useMemberTier } from './api.ts';

/** The console member page's tier card: the member's tier, next review, and manual assignment with a reason. */
export function MemberTierCard({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const q = useMemberTier(memberId);
  const assign = useAssignTier(memberId);
  const [tierId, setTierId] = useState<number | ''>('');
  const [reason, setReason] = useState('');
  if (q.isPending) return <Skeleton height={120} />;
  if (q.isError) return <Notice kind="error">{errorMessage(q.error)}</Notice>;
  const d = q.data;
  return (
    <section className="card tiers-member" aria-labelledby="member-tier-title" data-testid="member-tier">
      <h2 id="member-tier-title" className="section-title">{t('tiersC.member.title')}</h2>
      {d.tiers.length === 0 ? (
        <p className="muted">{t('tiersC.member.none')}</p>
      ) : (
        <>
          <p>{t('tiersC.member.current', { name: d.tierName ?? '—' })}</p>
          {d.evaluateOn ? <p>{t('tiersC.member.evaluateOn', { date: d.evaluateOn.replaceAll('-', '/') })}</p> : null}
          <p>{t('tiersC.member.qualifying', { amount: d.qualifying.toLocaleString('en-US') })}</p>
          <form
            className="tiers-member__form"
            onSubmit={(e) => {
              e.preventDefault();
              if (tierId === '') return;
              assign.mutate({ tierId, reason }, { onSuccess: () => setReason('') });
            }}
          >
            <label>
              {t('tiersC.member.assign')}
              <select value={tierId} onChange={(e) => setTierId(e.target.value === '' ? '' : Number(e.target.value))} required>
                <option value="">—</option>
                {d.tiers.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('tiersC.member.reason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={2} maxLength={200} />
            </label>
            <button type="submit" className="btn btn--secondary btn--small" disabled={assign.isPending}>
              {t('tiersC.member.submit')}
            </button>
          </form>
          {assign.isError ? <Notice kind="error">{errorMessage(assign.error)}</Notice> : null}
          {assign.isSuccess ? <Notice kind="success">{t('tiersC.member.done')}</Notice> : null}
        </>
      )}
    </section>
  );
}
