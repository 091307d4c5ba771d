import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, Route, Routes, useNavigate, useLocation } from 'react-router';
import { onApiError } from '../api/client.ts';
import { queryClient, queryKeys, useConfig, useMe } from '../api/query.ts';
import { SessionGate } from '../auth/SessionGate.tsx';
import { switchSandboxUser } from '../auth/session.ts';
import { Icon, type IconName } from '../components/Icon.tsx';
import { LangSwitch, Skeleton, useDocumentTitle } from '../components/ui.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { ClaimPage } from './ClaimPage.tsx';
import { HomePage } from './HomePage.tsx';
import { ProfilePage } from './ProfilePage.tsx';
import { RegisterPage } from './RegisterPage.tsx';
import { StaffPage } from './StaffPage.tsx';
import { CouponDetailRoute, WalletPage } from './WalletPage.tsx';

/** The member LIFF app under /app. */
export function MemberApp() {
  return (
    <SessionGate fallback={<MemberShellSkeleton />}>
      <Routes>
        <Route element={<MemberLayout />}>
          <Route path="register" element={<RegisterPage />} />
          <Route element={<RequireRegistered />}>
            <Route index element={<HomePage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="wallet" element={<WalletPage />} />
            <Route path="wallet/:id" element={<CouponDetailRoute />} />
            <Route path="claim" element={<ClaimPage />} />
            <Route path="staff" element={<StaffPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage home="/app" />} />
        </Route>
      </Routes>
    </SessionGate>
  );
}

/** Unregistered members are sent to registration from every member page. */
function RequireRegistered() {
  const { data: me } = useMe();
  if (me && !me.isRegistered) return <Navigate to="/app/register" replace />;
  return <Outlet />;
}

function MemberLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: config } = useConfig();
  const { data: me } = useMe();
  useDocumentTitle(config ? t('common.memberTitle', { brand: config.brandName }) : null);

  useEffect(
    () =>
      onApiError((error) => {
        if (error.code !== 'REGISTRATION_REQUIRED') return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.me });
        navigate('/app/register', { replace: true });
      }),
    [navigate],
  );

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const showNav = me?.isRegistered ?? false;
  return (
    <div className={`member ${showNav ? 'member--with-nav' : ''}`}>
      {config?.sandbox && me ? (
        <div className="sandbox-bar">
          <span className="pill pill--sandbox">{t('common.sandboxBadge')}</span>
          <span className="sandbox-bar__who">{t('common.sandboxActingAs', { name: me.displayName })}</span>
          <button type="button" className="sandbox-bar__switch" onClick={() => void switchSandboxUser()} aria-label={t('common.switchUserLabel')}>
            {t('common.switchUser')}
          </button>
        </div>
      ) : null}
      <header className="member-header">
        <span className="member-header__brand">
          <span className="brand-mark" aria-hidden="true" />
          {config?.brandName}
        </span>
        <LangSwitch />
      </header>
      <main className="member-main" id="main">
        <Outlet />
      </main>
      {showNav ? <BottomNav /> : null}
    </div>
  );
}

function BottomNav() {
  const { t } = useTranslation();
  const items: { to: string; icon: IconName; label: string; end?: boolean }[] = [
    { to: '/app', icon: 'home', label: t('nav.home'), end: true },
    { to: '/app/wallet', icon: 'ticket', label: t('nav.wallet') },
    { to: '/app/claim', icon: 'gift', label: t('nav.claim') },
    { to: '/app/profile', icon: 'user', label: t('nav.profile') },
  ];
  return (
    <nav className="bottom-nav" aria-label={t('nav.mainLabel')}>
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end ?? false} className="bottom-nav__item">
          <Icon name={item.icon} size={24} />
          <span>{item.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}

export function MemberShellSkeleton() {
  return (
    <div className="member" aria-busy="true">
      <header className="member-header">
        <Skeleton width={120} height={20} />
        <Skeleton width={84} height={32} radius={16} />
      </header>
      <main className="member-main">
        <div className="stack">
          <div className="hero">
            <Skeleton width={56} height={56} radius={28} />
            <div className="stack stack--tight" style={{ flex: 1 }}>
              <Skeleton width="70%" height={22} />
              <Skeleton width="50%" height={14} />
            </div>
          </div>
          <Skeleton height={180} radius={20} />
          <div className="shortcut-grid">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={104} radius={16} />
            ))}
          </div>
        </div>
      </main>
    </div>
  );
}
