import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components/ui.tsx';

/** Coupons arrive in a later issue; until then the wallet is honestly empty. */
export function WalletPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1 className="page-title">{t('wallet.title')}</h1>
      <EmptyState
        icon="ticket"
        title={t('wallet.emptyTitle')}
        body={t('wallet.emptyBody')}
        action={
          <Link to="/app/claim" className="btn btn--primary">
            {t('wallet.emptyAction')}
          </Link>
        }
      />
    </div>
  );
}
