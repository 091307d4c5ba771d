import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/index.ts';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useConfig, useMe } from '../api/query.ts';
import { Icon, type IconName } from '../components/Icon.tsx';
import { Avatar } from '../components/ui.tsx';
import { formatLongDate, hourOf } from '../lib/dates.ts';
import { WelcomeSummary } from './welcome/WelcomeSummary.tsx';
import { VerifyMobilePrompt } from './mobile/SendCodeButton.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const { data: config } = useConfig();
  const location = useLocation();
  const [welcomeDismissed, setWelcomeDismissed] = useState(false);
  const justRegistered = (location.state as { registered?: boolean } | null)?.registered === true && !welcomeDismissed;
  if (!me || !config) return null;

  const name = me.name ?? me.displayName;
  const hour = hourOf(new Date(), config.timezone);
  const greetingKey = hour < 11 ? 'home.greetingMorning' : hour < 18 ? 'home.greetingAfternoon' : 'home.greetingEvening';
  const memberNo = String(me.id).padStart(8, '0');

  return (
    <div className="stack">
      <section className="hero">
        <Avatar name={name} pictureUrl={me.pictureUrl} size={56} alt={t('home.avatarAlt', { name: me.displayName })} />
        <div>
          <h1 className="hero__title">{t(greetingKey, { name })}</h1>
          <p className="hero__subtitle">{t('home.subtitle', { brand: config.brandName })}</p>
        </div>
      </section>

      {justRegistered ? <WelcomeSummary onDismiss={() => setWelcomeDismissed(true)} /> : null}
      {me.isRegistered && !me.isMobileVerified ? <VerifyMobilePrompt /> : null}

      <section className="member-card" aria-label={t('home.memberCard')}>
        <div className="member-card__top">
          <span className="member-card__brand">{config.brandName}</span>
          <span className="member-card__label">{t('home.memberCard')}</span>
        </div>
        <p className="member-card__name">{name}</p>
        <div className="member-card__bottom">
          <span className="member-card__no">{t('home.memberNo', { no: memberNo })}</span>
          {me.registeredAt ? <span>{t('home.memberSince', { date: formatLongDate(me.registeredAt, config.timezone, lang) })}</span> : null}
        </div>
        <Link to="/app/card" className="btn btn--secondary btn--block member-card__show">
          <Icon name="scan" size={20} />
          {t('home.showCard')}
        </Link>
      </section>

      <section aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title" className="section-title">
          {t('home.shortcuts')}
        </h2>
        <ul className="shortcut-grid">
          <Shortcut to="/app/wallet" icon="ticket" title={t('nav.wallet')} hint={t('home.walletHint')} />
          <Shortcut to="/app/claim" icon="gift" title={t('nav.claim')} hint={t('home.claimHint')} />
          <Shortcut to="/app/gifts" icon="send" title={t('home.gifts')} hint={t('home.giftsHint')} />
          <Shortcut to="/app/points" icon="cash" title={t('home.points')} hint={t('home.pointsHint')} />
          <Shortcut to="/app/tier" icon="officialBadge" title={t('home.tier')} hint={t('home.tierHint')} />
          <Shortcut to="/app/missions" icon="check" title={t('home.missions')} hint={t('home.missionsHint')} />
          <Shortcut to="/app/mall" icon="cash" title={t('home.mall')} hint={t('home.mallHint')} />
          <Shortcut to="/app/profile" icon="user" title={t('nav.profile')} hint={t('home.profileHint')} />
        </ul>
      </section>

      {me.roles.staffStores.length > 0 || me.roles.isAdmin ? (
        <ul className="role-links">
          {me.roles.staffStores.length > 0 ? <RoleLink to="/app/staff" icon="scan" title={t('home.staffEntry')} hint={t('home.staffHint')} /> : null}
          {me.roles.isAdmin ? <RoleLink to="/console" icon="settings" title={t('home.consoleEntry')} hint={t('home.consoleHint')} /> : null}
        </ul>
      ) : null}
    </div>
  );
}

function Shortcut({ to, icon, title, hint }: { to: string; icon: IconName; title: string; hint: string }) {
  return (
    <li>
      <Link to={to} className="shortcut">
        <span className="shortcut__icon icon-tile">
          <Icon name={icon} size={26} />
        </span>
        <span className="shortcut__title">{title}</span>
        <span className="shortcut__hint">{hint}</span>
      </Link>
    </li>
  );
}

function RoleLink({ to, icon, title, hint }: { to: string; icon: IconName; title: string; hint: string }) {
  return (
    <li>
      <Link to={to} className="role-link">
        <span className="role-link__icon">
          <Icon name={icon} size={22} />
        </span>
        <span className="role-link__text">
          <strong>{title}</strong>
          <small>{hint}</small>
        </span>
        <Icon name="chevronRight" size={20} />
      </Link>
    </li>
  );
}
