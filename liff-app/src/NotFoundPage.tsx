import { useTranslation } from 'react-i18next';
import { EmptyState } from './components/ui.tsx';

export function NotFoundPage({ home }: { home: string }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="alert"
      title={t('common.notFoundTitle')}
      body={t('common.notFoundBody')}
      link={{ to: home, label: t('common.goHome') }}
    />
  );
}
