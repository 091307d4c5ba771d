import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConfig } from '../api/query.ts';
import { Icon, type IconName } from '../components/Icon.tsx';
import { ErrorState, LangSwitch, Skeleton, useDocumentTitle } from '../components/ui.tsx';

const DEMO_STAFF = 'U0000000000000000000000000000a004';
const DEMO_ADMIN = 'U0000000000000000000000000000a005';

/** `/` in sandbox mode: what this demo is and where to go (production redirects `/` to `/app`). */
export default function LandingPage() {
  const { t } = useTranslation();
  const config = useConfig();
  useDocumentTitle(t('common.landingTitle'));

  useEffect(() => {
    if (config.data && !config.data.sandbox) window.location.replace('/app');
  }, [config.data]);

  const cards: { icon: IconName; title: string; body: string; cta: string; to: string; external?: boolean }[] = [
    { icon: 'user', title: t('landing.memberTitle'), body: t('landing.memberBody'), cta: t('landing.memberCta'), to: '/app' },
    { icon: 'scan', title: t('landing.staffTitle'), body: t('landing.staffBody'), cta: t('landing.staffCta'), to: `/app/staff?sandboxUser=${DEMO_STAFF}`, external: true },
    { icon: 'settings', title: t('landing.consoleTitle'), body: t('landing.consoleBody'), cta: t('landing.consoleCta'), to: `/console?sandboxUser=${DEMO_ADMIN}`, external: true },
    { icon: 'chat', title: t('landing.sandboxTitle'), body: t('landing.sandboxBody'), cta: t('landing.sandboxCta'), to: '/sandbox', external: true },
  ];

  return (
    <div className="landing">
      <header className="landing__bar">
        <span className="member-header__brand">
          <span className="brand-mark" aria-hidden="true" />
          {config.data?.brandName ?? <Skeleton width={96} height={18} />}
        </span>
        <LangSwitch />
      </header>
      <main className="landing__main">
        <section className="landing__hero">
          <p className="landing__eyebrow">{t('landing.eyebrow')}</p>
          <h1>{t('landing.title')}</h1>
          <p className="landing__lead">{t('landing.lead')}</p>
          <p className="landing__note">
            <span className="pill pill--sandbox">{t('common.sandboxBadge')}</span>
            <span>{t('landing.sandboxNote')}</span>
          </p>
          {config.data ? <p className="muted">{t('landing.brandLine', { brand: config.data.brandName })}</p> : null}
        </section>
        {config.isError ? <ErrorState error={config.error} onRetry={() => void config.refetch()} /> : null}
        <ul className="landing__cards">
          {cards.map((card) => (
            <li key={card.to} className="landing-card">
              <span className="landing-card__icon icon-tile">
                <Icon name={card.icon} size={28} />
              </span>
              <h2>{card.title}</h2>
              <p>{card.body}</p>
              {/* Links carrying ?sandboxUser or leaving this page load fully, so the choice is read at start. */}
              {card.external ? (
                <a className="btn btn--primary" href={card.to}>
                  {card.cta}
                  <Icon name="chevronRight" size={18} />
                </a>
              ) : (
                <Link className="btn btn--primary" to={card.to}>
                  {card.cta}
                  <Icon name="chevronRight" size={18} />
                </Link>
              )}
            </li>
          ))}
        </ul>
        <p className="landing__footer muted">{t('landing.footer')}</p>
      </main>
    </div>
  );
}
