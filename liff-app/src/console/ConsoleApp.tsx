import './console.css';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, Route, Routes } from 'react-router';
import { useConfig, useMe } from '../api/query.ts';
import { signOut, switchSandboxUser } from '../auth/session.ts';
import { Icon, type IconName } from '../components/Icon.tsx';
import { Avatar, LangSwitch, useDocumentTitle } from '../components/ui.tsx';
import { addStrings } from '../i18n/index.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { AuditPage } from './AuditPage.tsx';
import { JobsPage } from './JobsPage.tsx';
import { MemberDetailPage } from './MemberDetailPage.tsx';
import { MembersPage } from './MembersPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { StaffListPage } from './StaffListPage.tsx';
import { StoresPage } from './StoresPage.tsx';
import { CouponTemplatePage, CouponTemplatesPage, IssuedCouponsPage, NewCouponTemplatePage } from './coupons/index.ts';
import { BulkJobsPage, BundlesPage, CampaignFormPage, CampaignReportPage, CampaignsPage } from './campaigns/index.ts';
import { ReferralReportPage, ReferralSettingsPage } from './referrals/index.ts';
import { MemberPointsPage, PointsReportPage, PointsSettingsPage } from './points/index.ts';
import { TiersPage } from './tiers/index.ts';
import { ApiKeysPage, DeliveriesPage, TemplatesPage } from './notifications/index.ts';
import { TransfersPage } from './transfers/index.ts';
import { MissionsPage } from './missions/index.ts';
import { MallOrderPage, MallOrdersPage, MallProductEditorPage, MallProductsPage, MallSalesPage } from './mall/index.ts';
import { RichMenuEditorPage, RichMenusPage } from './richmenus/index.ts';
import { consoleStrings } from './strings.ts';

addStrings(consoleStrings);

/** The brand console (/console/*): its own chunk, loaded only by people who open it. */
export default function ConsoleApp() {
  const { data: me } = useMe();
  if (!me) return null;
  if (!me.roles.isAdmin) return <Forbidden name={me.name ?? me.displayName} />;
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="stores" element={<StoresPage />} />
        <Route path="staff" element={<StaffListPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="members/:id" element={<MemberDetailPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="jobs" element={<JobsPage />} />
        <Route path="coupons" element={<CouponTemplatesPage />} />
        <Route path="coupons/new" element={<NewCouponTemplatePage />} />
        <Route path="coupons/:id" element={<CouponTemplatePage />} />
        <Route path="coupon-list" element={<IssuedCouponsPage />} />
        <Route path="campaigns" element={<CampaignsPage />} />
        <Route path="campaigns/new" element={<CampaignFormPage />} />
        <Route path="campaigns/:id" element={<CampaignReportPage />} />
        <Route path="bundles" element={<BundlesPage />} />
        <Route path="bulk-jobs" element={<BulkJobsPage />} />
        <Route path="referrals" element={<ReferralSettingsPage />} />
        <Route path="referrals/report" element={<ReferralReportPage />} />
        <Route path="notifications" element={<TemplatesPage />} />
        <Route path="deliveries" element={<DeliveriesPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="transfers" element={<TransfersPage />} />
        <Route path="points" element={<PointsSettingsPage />} />
        <Route path="points/report" element={<PointsReportPage />} />
        <Route path="tiers" element={<TiersPage />} />
        <Route path="members/:id/points" element={<MemberPointsPage />} />
        <Route path="missions" element={<MissionsPage />} />
        <Route path="missions/:id" element={<MissionsPage />} />
        <Route path="mall/products" element={<MallProductsPage />} />
        <Route path="mall/products/new" element={<MallProductEditorPage />} />
        <Route path="mall/products/:id" element={<MallProductEditorPage />} />
        <Route path="mall/orders" element={<MallOrdersPage />} />
        <Route path="mall/orders/:id" element={<MallOrderPage />} />
        <Route path="mall/report" element={<MallSalesPage />} />
        <Route path="richmenus" element={<RichMenusPage />} />
        <Route path="richmenus/new" element={<RichMenuEditorPage />} />
        <Route path="richmenus/:id" element={<RichMenuEditorPage />} />
        <Route path="*" element={<NotFoundPage home="/console" />} />
      </Route>
    </Routes>
  );
}

function ConsoleLayout() {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const { data: me } = useMe();
  useDocumentTitle(config ? t('common.consoleTitle', { brand: config.brandName }) : null);
  const items: { to: string; icon: IconName; label: string; end?: boolean }[] = [
    { to: '/console', icon: 'chart', label: t('console.nav.overview'), end: true },
    { to: '/console/stores', icon: 'store', label: t('console.nav.stores') },
    { to: '/console/staff', icon: 'shield', label: t('console.nav.staff') },
    { to: '/console/members', icon: 'users', label: t('console.nav.members') },
    { to: '/console/audit', icon: 'list', label: t('console.nav.audit') },
    { to: '/console/jobs', icon: 'clock', label: t('console.nav.jobs') },
    { to: '/console/coupons', icon: 'ticket', label: t('cpn.nav.templates') },
    { to: '/console/coupon-list', icon: 'gift', label: t('cpn.nav.issued') },
    { to: '/console/transfers', icon: 'send', label: t('xfer.nav.transfers') },
    { to: '/console/campaigns', icon: 'globe', label: t('camp.nav.campaigns') },
    { to: '/console/bundles', icon: 'plus', label: t('camp.nav.bundles') },
    { to: '/console/bulk-jobs', icon: 'settings', label: t('camp.nav.bulkJobs') },
    { to: '/console/referrals', icon: 'users', label: t('ref.nav.settings'), end: true },
    { to: '/console/referrals/report', icon: 'chart', label: t('ref.nav.report') },
    { to: '/console/notifications', icon: 'chat', label: t('notif.nav.templates') },
    { to: '/console/deliveries', icon: 'check', label: t('notif.nav.deliveries') },
    { to: '/console/api-keys', icon: 'lock', label: t('notif.nav.apiKeys') },
    { to: '/console/points', icon: 'cash', label: t('pts.nav.settings'), end: true },
    { to: '/console/points/report', icon: 'chart', label: t('pts.nav.report') },
    { to: '/console/missions', icon: 'check', label: t('msn.nav') },
    { to: '/console/tiers', icon: 'officialBadge', label: t('tiersC.nav.tiers') },
    { to: '/console/mall/products', icon: 'ticketStub', label: t('mallC.nav.products') },
    { to: '/console/mall/orders', icon: 'list', label: t('mallC.nav.orders') },
    { to: '/console/mall/report', icon: 'chart', label: t('mallC.nav.report') },
    { to: '/console/richmenus', icon: 'list', label: t('rmenu.nav') },
  ];
  return (
    <div className="console">
      <aside className="console-sidebar">
        <div className="console-sidebar__brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>
            <strong>{config?.brandName}</strong>
            <small>{t('console.title')}</small>
          </span>
        </div>
        <nav aria-label={t('console.nav.label')}>
          <ul className="console-nav">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false} className="console-nav__link">
                  <Icon name={item.icon} size={20} />
                  <span>{item.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Link to="/app" className="console-nav__link console-sidebar__foot">
          <Icon name="chevronLeft" size={20} />
          <span>{t('console.nav.memberApp')}</span>
        </Link>
      </aside>
      <div className="console-body">
        <header className="console-topbar">
          {config?.sandbox ? <span className="pill pill--sandbox">{t('common.sandboxBadge')}</span> : <span />}
          <div className="console-topbar__right">
            <LangSwitch />
            {me ? (
              <span className="console-user">
                <Avatar name={me.name ?? me.displayName} pictureUrl={me.pictureUrl} size={32} />
                <span>{t('console.signedInAs', { name: me.name ?? me.displayName })}</span>
              </span>
            ) : null}
            <button type="button" className="btn btn--ghost" onClick={() => void signOut()}>
              <Icon name="logout" size={18} />
              {t('common.signOut')}
            </button>
          </div>
        </header>
        <main className="console-main" id="main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

function Forbidden({ name }: { name: string }) {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  return (
    <main className="gate">
      <div className="gate__top">
        <LangSwitch />
      </div>
      <div className="gate-card" role="alert">
        <Icon name="lock" size={36} />
        <h1>{t('console.forbiddenTitle')}</h1>
        <p>{t('console.forbiddenBody', { name })}</p>
        <div className="gate-card__actions">
          <Link to="/app" className="btn btn--secondary">
            {t('console.toMemberApp')}
          </Link>
          <button type="button" className="btn btn--primary" onClick={() => void (config?.sandbox ? switchSandboxUser() : signOut())}>
            {config?.sandbox ? t('common.switchUserLabel') : t('common.signOut')}
          </button>
        </div>
      </div>
    </main>
  );
}
