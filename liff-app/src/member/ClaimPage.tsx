import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadingBlock, Skeleton } from '../components/ui.tsx';

// The claim centre (its components, styles and strings) is its own chunk, so the member entry stays small.
const ClaimCentre = lazy(() => import('./claim/ClaimCentre.tsx'));

/** /app/claim — 領券中心. */
export function ClaimPage() {
  return (
    <Suspense fallback={<ClaimPageSkeleton />}>
      <ClaimCentre />
    </Suspense>
  );
}

function ClaimPageSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1 className="page-title">{t('nav.claim')}</h1>
      <LoadingBlock>
        <div className="stack">
          <Skeleton height={148} radius={18} />
          {[0, 1].map((i) => (
            <Skeleton key={i} height={196} radius={18} />
          ))}
        </div>
      </LoadingBlock>
    </div>
  );
}
