import { lazy, Suspense } from 'react';
import { LoadingBlock, Skeleton } from '../components/ui.tsx';

// 我的點數 (components, styles and strings) is its own chunk, so the member entry stays small.
const MyPoints = lazy(() => import('./points/MyPoints.tsx'));

/** /app/points — 我的點數, the CTA target of every points notification. */
export function PointsPage() {
  return (
    <Suspense
      fallback={
        <LoadingBlock>
          <div className="stack">
            <Skeleton height={36} width={160} />
            <Skeleton height={160} radius={18} />
            <Skeleton height={56} radius={12} />
          </div>
        </LoadingBlock>
      }
    >
      <MyPoints />
    </Suspense>
  );
}
