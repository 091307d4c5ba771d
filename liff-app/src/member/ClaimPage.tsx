import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/ui.tsx';

export function ClaimPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1 className="page-title">{t('claim.title')}</h1>
      <EmptyState icon="gift" title={t('claim.emptyTitle')} body={t('claim.emptyBody')} />
    </div>
  );
}
