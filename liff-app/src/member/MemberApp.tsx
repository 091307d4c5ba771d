import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, Route, Routes, useNavigate, useLocation } from 'react-router';
import { onApiError } from '../api/client.ts';
import { queryClient, queryKeys, useConfig, useMe } from '../api/query.ts';
import { SessionGate } from '../auth/SessionGate.tsx';
import { switchSandboxUser } from '../auth/session.ts';
import { Icon, type IconName } from '../components/Icon.tsx';
import { LangSwitch, Skeleton, useDocumentTitle } from '../components/ui.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { lazyPage, preloadPage } from './pages.ts';

// Each page in its own chunk (pages.ts): add new member pages the same way.
const HomePage = lazyPage('/app', () => import('./HomePage.tsx'), 'HomePage');
const ProfilePage = lazyPage('/app/profile', () => import('./ProfilePage.tsx'), 'ProfilePage');
const RegisterPage = lazyPage('/app/register', () => import('./RegisterPage.tsx'), 'RegisterPage');
const WalletPage = lazyPage('/app/wallet', () => import('./WalletPage.tsx'), 'WalletPage');
const CouponDetailRoute = lazyPage('/app/wallet/:id', () => import('./WalletPage.tsx'), 'CouponDetailRoute');
const ClaimPage = lazyPage('/app/claim', () => import('./ClaimPage.tsx'), 'ClaimPage');
const StaffPage = lazyPage('/app/staff', () => import('./StaffPage.tsx'), 'StaffPage');
const StaffTodayPage = lazyPage('/app/staff/today', () => import('./StaffPage.tsx'), 'StaffPage');
const StaffStorePage = lazyPage('/app/staff/store', () => import('./StaffPage.tsx'), 'StaffPage');
const CardPage = lazyPage('/app/card', () => import('./card/CardPage.tsx'), 'CardPage');
const PointsPage = lazyPage('/app/points', () => import('./PointsPage.tsx'), 'PointsPage');
const GiftsPage = lazyPage('/app/gifts', () => import('./GiftsPage.tsx'), 'GiftsPage');
const TierPage = lazyPage('/app/tier', () => import('./tier/TierPage.tsx'), 'TierPage');
const MissionsPage = lazyPage('/app/missions', () => import('./missions/MissionsPage.tsx'), 'MissionsPage');
const MallHome = lazyPage('/app/mall', () => import('./mall/MallHome.tsx'), 'MallHome');
const MallProductsPage = lazyPage('/app/mall/products', () => import('./mall/MallHome.tsx'), 'MallHome');
const MallProductPage = lazyPage('/app/mall/products/:id', () => import('./mall/ProductPage.tsx'), 'ProductPage');
const MallCheckoutPage = lazyPage('/app/mall/products/:id/checkout', () => import('./mall/CheckoutPage.tsx'), 'CheckoutPage');
const MallOrdersPage = lazyPage('/app/mall/orders', () => import('./mall/OrdersPage.tsx'), 'OrdersPage');
const MallOrderPage = lazyPage('/app/mall/orders/:id', () => import('./mall/OrderPage.tsx'), 'OrderPage');

// The page the member opened downloads while LIFF signs in.
preloadPage(window.location.pathname);

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
            <Route path="points" element={<PointsPage />} />
            <Route path="gifts" element={<GiftsPage />} />
            <Route path="tier" element={<TierPage />} />
            <Route path="missions" element={<MissionsPage />} />
            <Route path="mall" element={<MallHome />} />
            <Route path="mall/products" element={<MallProductsPage />} />
            <Route path="mall/products/:id" element={<MallProductPage />} />
            <Route path="mall/products/:id/checkout" element={<MallCheckoutPage />} />
            <Route path="mall/orders" element={<MallOrdersPage />} />
            <Route path="mall/orders/:id" element={<MallOrderPage />} />
            <Route path="staff" element={<StaffPage />} />
            <Route path="staff/today" element={<StaffTodayPage />} />
            <Route path="staff/store" element={<StaffStorePage />} />
            <Route path="card" element={<CardPage />} />
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
  // Staff at the scanner get their own navigation; the banner names the role being played.
  const atCounter = location.pathname === '/app/staff' || location.pathname.startsWith('/app/staff/');
  const actingAs = me?.roles.isAdmin ? 'common.sandboxActingAsAdmin' : (me?.roles.staffStores.length ?? 0) > 0 ? 'common.sandboxActingAsStaff' : 'common.sandboxActingAs';
  return (
    <div className={`member ${showNav ? 'member--with-nav' : ''}`}>
      {config?.sandbox && me ? (
        <div className="sandbox-bar">
          <span className="pill pill--sandbox">{t('common.sandboxBadge')}</span>
          <span className="sandbox-bar__who">{t(actingAs, { name: me.displayName })}</span>
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
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </main>
      {showNav ? atCounter ? <StaffNav /> : <BottomNav /> : null}
    </div>
  );
}

function BottomNav() {
  const { t } = useTranslation();
  const items: { to: string; icon: IconName; label: string; end?: boolean }[] = [
    { to: '/app', icon: 'home', label: t('nav.home'), end: true },
    { to: '/app/card', icon: 'scan', label: t('nav.card') },
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

/** The scanner's own tabs: scan, today's list, the store; and the way back to the member pages. */
function StaffNav() {
  const { t } = useTranslation();
  const items: { to: string; icon: IconName; label: string; end?: boolean }[] = [
    { to: '/app/staff', icon: 'scan', label: t('staff.navScan'), end: true },
    { to: '/app/staff/today', icon: 'list', label: t('staff.navToday') },
    { to: '/app/staff/store', icon: 'store', label: t('staff.navStore') },
    { to: '/app', icon: 'home', label: t('staff.navMemberApp'), end: true },
  ];
  return (
    <nav className="bottom-nav bottom-nav--staff" aria-label={t('staff.navLabel')}>
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end ?? false} className="bottom-nav__item">
          <Icon name={item.icon} size={24} />
          <span>{item.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}

function PageSkeleton() {
  return (
    <div className="stack" aria-busy="true">
      <Skeleton height={28} width="60%" />
      <Skeleton height={140} radius={20} />
      <Skeleton height={140} radius={20} />
    </div>
  );
}

export function MemberShellSkeleton() {
  // The header is real while LIFF signs in: the language switch at once, the brand's name once the
  // config has come (the first paint with content, before sign-in; issue 16 item 13).
  const { data: config } = useConfig();
  return (
    <div className="member" aria-busy="true">
      <header className="member-header">
        {config ? (
          <span className="member-header__brand">
            <span className="brand-mark" aria-hidden="true" />
            {config.brandName}
          </span>
        ) : (
          <Skeleton width={120} height={20} />
        )}
        <LangSwitch />
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
