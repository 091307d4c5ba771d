import './styles/app.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { prefetchConfig, queryClient } from './api/query.ts';
import { SessionGate } from './auth/SessionGate.tsx';
import { captureSandboxUserFromUrl } from './auth/sandbox-user.ts';
import { warmUpSignIn } from './auth/session.ts';
import { Skeleton } from './components/ui.tsx';
import { initI18n } from './i18n/index.ts';
import { MemberApp } from './member/MemberApp.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

captureSandboxUserFromUrl();
warmUpSignIn();
// zh-TW synchronously; English after its strings chunk (render below waits for it).
const i18nReady = initI18n();

const LandingPage = lazy(() => import('./landing/LandingPage.tsx'));
const loadConsole = () => import('./console/ConsoleApp.tsx');
const ConsoleApp = lazy(loadConsole);

function ConsoleRoute() {
  useEffect(() => {
    // Fetch the console chunk while LIFF signs in.
    void loadConsole();
  }, []);
  return (
    <SessionGate fallback={<ConsoleSkeleton />}>
      <Suspense fallback={<ConsoleSkeleton />}>
        <ConsoleApp />
      </Suspense>
    </SessionGate>
  );
}

function ConsoleSkeleton() {
  return (
    <div className="console-skeleton" aria-busy="true">
      <div className="console-skeleton__side">
        <Skeleton height={28} width="70%" />
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} height={20} width="80%" />
        ))}
      </div>
      <div className="console-skeleton__main">
        <Skeleton height={32} width={200} />
        <Skeleton height={120} radius={14} />
        <Skeleton height={240} radius={14} />
      </div>
    </div>
  );
}

function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route
            path="/"
            element={
              <Suspense fallback={null}>
                <LandingPage />
              </Suspense>
            }
          />
          <Route path="/app/*" element={<MemberApp />} />
          <Route path="/console/*" element={<ConsoleRoute />} />
          <Route path="*" element={<NotFoundPage home="/" />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

void i18nReady.then(() => {
  // In the page's language (answers follow Accept-Language), and before the first render's work.
  prefetchConfig();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
