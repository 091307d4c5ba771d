import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../api/query.ts';
import { Icon } from '../components/Icon.tsx';
import { ErrorState, LangSwitch, Skeleton } from '../components/ui.tsx';
import { ensureSession, retrySignIn, useSessionState } from './session.ts';

const SandboxPicker = lazy(() => import('./SandboxPicker.tsx'));

/** Signs in (once per page) before rendering what needs a member; shows the sandbox picker when nobody is chosen yet. */
export function SessionGate({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const { t } = useTranslation();
  const config = useConfig();
  const session = useSessionState();

  useEffect(() => {
    if (config.data) ensureSession(config.data);
  }, [config.data]);

  if (config.isError) {
    return (
      <GateFrame>
        <ErrorState error={config.error} title={t('errors.signInFailed')} onRetry={() => void config.refetch()} />
      </GateFrame>
    );
  }
  if (!config.data) return <>{fallback}</>;

  switch (session.phase) {
    case 'ready':
      return <>{children}</>;
    case 'pick-user':
      return (
        <GateFrame>
          <Suspense fallback={<PickerSkeleton />}>
            <SandboxPicker notice={session.notice} />
          </Suspense>
        </GateFrame>
      );
    case 'signed-out':
      return (
        <GateFrame>
          <div className="gate-card">
            <Icon name="lock" size={32} />
            <h1>{t('auth.signedOutTitle')}</h1>
            <p>{t('auth.signedOutBody')}</p>
            <button type="button" className="btn btn--primary btn--block" onClick={retrySignIn}>
              {t('common.signIn')}
            </button>
          </div>
        </GateFrame>
      );
    case 'error':
      return (
        <GateFrame>
          <ErrorState error={session.error} title={t('errors.signInFailed')} onRetry={retrySignIn} />
        </GateFrame>
      );
    default:
      return <>{fallback}</>;
  }
}

function GateFrame({ children }: { children: ReactNode }) {
  return (
    <main className="gate">
      <div className="gate__top">
        <LangSwitch />
      </div>
      {children}
    </main>
  );
}

function PickerSkeleton() {
  return (
    <div className="gate-card" aria-busy="true">
      <Skeleton width="60%" height={24} />
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} height={56} radius={12} />
      ))}
    </div>
  );
}
