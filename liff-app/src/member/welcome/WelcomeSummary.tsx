import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { couponKindLabel } from '../../../../shared/glossary.ts';
import { Icon } from '../../components/Icon.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { useClaimCentre } from '../claim/api.ts';
import { useWallet } from '../wallet/api.ts';
import './welcome.css';

const SHOWN = 5;

/**
 * What a member who just registered received: the coupons now in their wallet (the welcome
 * gift, gifts waiting for their number) and how many offers the claim centre has for them.
 * Says nothing it does not see: no coupons, no 「已放入票券夾」.
 */
export function WelcomeSummary({ onDismiss }: { onDismiss: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const wallet = useWallet('active');
  const claims = useClaimCentre();
  const coupons = wallet.data?.items ?? [];
  const claimable = (claims.data?.items ?? []).filter((c) => c.canClaim).length;
  return (
    <section className="card welcome-summary" aria-labelledby="welcome-summary-title" data-testid="welcome-summary">
      <h2 id="welcome-summary-title" className="welcome-summary__title">
        <Icon name="gift" size={22} />
        {t('home.welcomeTitle')}
      </h2>
      {coupons.length > 0 ? (
        <div>
          <p className="welcome-summary__label">{t('home.welcomeReceived')}</p>
          <ul className="welcome-summary__list">
            {coupons.slice(0, SHOWN).map((c) => (
              <li key={c.id}>
                <span className="welcome-summary__kind">{couponKindLabel(c.template.kind, lang)}</span>
                <span>{c.template.name}</span>
              </li>
            ))}
            {coupons.length > SHOWN ? <li className="muted">+{coupons.length - SHOWN}</li> : null}
          </ul>
          <Link to="/app/wallet" className="btn btn--primary btn--block">
            {t('home.welcomeOpenWallet')}
          </Link>
        </div>
      ) : null}
      {claimable > 0 ? (
        <p className="welcome-summary__claim">
          {t('home.welcomeClaimable', { count: claimable })}{' '}
          <Link to="/app/claim">{t('home.welcomeClaim')}</Link>
        </p>
      ) : null}
      <button type="button" className="btn btn--secondary btn--block" onClick={onDismiss}>
        {t('home.welcomeDismiss')}
      </button>
    </section>
  );
}
