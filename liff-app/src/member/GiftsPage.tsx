import { lazy, Suspense } from 'react';
import { LoadingBlock, Skeleton } from '../components/ui.tsx';

// The gifts inbox (its components, styles and strings) is its own chunk.
const GiftsInbox = lazy(() => import('./gifts/GiftsInbox.tsx'));

/** /app/gifts — 收到的禮物 and 我送出的. */
export function GiftsPage() {
  return (
    <Suspense
      fallback={
        <LoadingBlock>
          <div className="stack">
            <Skeleton width={160} height={28} />
            <Skeleton height={150} radius={14} />
          </div>
        </LoadingBlock>
      }
    >
      <GiftsInbox />
    </Suspense>
  );
}
