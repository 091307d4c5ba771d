import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from './components/ui.tsx';

export function NotFoundPage({ home }: { home: string }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="alert"
      title={t('common.notFoundTitle')}
      body={t('common.notFoundBody')}
      action={
        <Link className="btn btn--primary" to={home}>
          {t('common.goHome')}
        </Link>
      }
    />
  );
}
