import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMyInvite } from '../../../../shared/api/referrals.ts';
import { call } from '../../api/client.ts';
import { useConfig, useMe } from '../../api/query.ts';
import { ErrorState, Skeleton } from '../../components/ui.tsx';
import { addStrings, currentLanguage } from '../../i18n/index.ts';
import { shareInvite } from './share.ts';
import { inviteStrings } from './strings.ts';
import './invite.css';

addStrings(inviteStrings);

/** The member's own invite link (推薦好友): what it earns, share through LINE, or copy the link. */
export function InviteCard() {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const { data: me } = useMe();
  const [note, setNote] = useState<string | null>(null);
  const invite = useQuery<TMyInvite>({ queryKey: ['referrals', 'me', currentLanguage()], queryFn: () => call('myInvite') });

  if (invite.isPending) {
    return (
      <section className="card invite-card" aria-busy="true">
        <Skeleton width="50%" height={20} />
        <Skeleton height={16} />
      </section>
    );
  }
  if (invite.isError || !config) return <ErrorState error={invite.error} title={t('invite.loadFailed')} onRetry={() => void invite.refetch()} />;
  const data = invite.data;
  const when = data.trigger === 'first_redemption' ? t('invite.whenFirstRedemption') : t('invite.whenRegistration');
  const promise = !data.enabled
    ? t('invite.noRewards')
    : data.referrerReward && data.friendReward
      ? t('invite.bothRewards', { when, referrer: data.referrerReward, friend: data.friendReward })
      : data.referrerReward
        ? t('invite.referrerOnly', { when, referrer: data.referrerReward })
        : data.friendReward
          ? t('invite.friendOnly', { when, friend: data.friendReward })
          : t('invite.noRewards');
  const name = me?.name ?? me?.displayName ?? '';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(data.url);
      setNote(t('invite.copied'));
    } catch {
      setNote(data.url);
    }
  };
  const share = async () => {
    const result = await shareInvite(config, data.url, {
      alt: t('invite.flexAlt', { name, brand: config.brandName }),
      title: t('invite.flexTitle', { brand: config.brandName }),
      body: t('invite.flexBody', { name }),
      cta: t('invite.flexCta'),
    });
    if (result === 'unavailable') await copy();
  };

  return (
    <section className="card invite-card" aria-labelledby="invite-title">
      <h2 id="invite-title" className="section-title">
        {t('invite.title')}
      </h2>
      <p>{promise}</p>
      {data.enabled && data.monthlyCap ? <p className="muted invite-card__small">{t('invite.cap', { count: data.monthlyCap })}</p> : null}
      <label className="invite-card__label" htmlFor="invite-link">
        {t('invite.linkLabel')}
      </label>
      <input id="invite-link" className="invite-card__link" readOnly value={data.url} onFocus={(e) => e.currentTarget.select()} />
      <div className="invite-card__actions">
        <button type="button" className="btn btn--primary" onClick={() => void share()}>
          {t('invite.share')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={() => void copy()}>
          {t('invite.copy')}
        </button>
      </div>
      {note ? (
        <p className="muted invite-card__small" role="status">
          {note}
        </p>
      ) : null}
      <p className="muted invite-card__small">{t('invite.stats', { registered: data.stats.registered, rewarded: data.stats.rewarded })}</p>
      {data.enabled ? <p className="muted invite-card__small">{t('invite.rules')}</p> : null}
    </section>
  );
}
