import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TMember360 } from '../../../shared/api/insights.ts';
import type { TMemberDetail, TStore } from '../../../shared/api/schemas.ts';
import { useLanguage } from '../i18n/index.ts';
import { AuditChanges } from './AuditPage.tsx';
import { ConfirmRow } from './components.tsx';
import { insightsKeys } from './insights/index.ts';
import { call, errorMessage } from '../api/client.ts';
import { queryClient, queryKeys, useMe } from '../api/query.ts';
import { Avatar, ErrorState, Facts, Notice, Skeleton, SwitchRow } from '../components/ui.tsx';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { couponUntil, formatBirthday, lastValidInstant } from '../lib/dates.ts';
import { consoleKeys, useStores } from './shared.tsx';
import { BackLink } from './components.tsx';
import { MemberTierCard } from './tiers/index.ts';

export function MemberDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const member = useQuery({ queryKey: consoleKeys.member(id), queryFn: () => call('consoleGetMember', { params: { id } }), enabled: Number.isSafeInteger(id) && id > 0 });

  return (
    <div className="stack">
      <BackLink to="/console/members" label={t('console.member.back')} />
      <Link to={`/console/members/${id}/points`} className="btn btn--secondary" data-testid="member-points-link">
        {t('pts.member.link')}
      </Link>
      {Number.isSafeInteger(id) && id > 0 ? <MemberTierCard memberId={id} /> : null}
      {member.isError ? (
        <ErrorState error={member.error} onRetry={() => void member.refetch()} />
      ) : member.isPending ? (
        <div className="panel stack" aria-busy="true">
          <Skeleton width={240} height={28} />
          <Skeleton height={16} />
          <Skeleton height={16} width="60%" />
        </div>
      ) : (
        <>
          <div className="detail-grid">
            <MemberProfile member={member.data} />
            <RolesEditor key={member.data.id} member={member.data} />
          </div>
          <Member360 member={member.data} />
        </>
      )}
    </div>
  );
}

/**
 * The 360° view under the profile: one section each (wallet, redemptions, claims, notifications,
 * audit). A feature with its own panel (points, gifts) adds an entry to `sections`.
 */
function Member360({ member }: { member: TMemberDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const view = useQuery({ queryKey: insightsKeys.member360(member.id, lang), queryFn: () => call('consoleMember360', { params: { id: member.id } }) });
  if (view.isError) return <ErrorState error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Skeleton height={120} radius={12} />;
  const v = view.data;
  const sections: { id: string; title: string; body: ReactNode; link?: { to: string; label: string } }[] = [
    { id: 'wallet', title: t('ins.member.wallet'), body: <WalletSection view={v} />, link: { to: `/console/coupon-list?member=${member.id}`, label: t('ins.member.walletAll') } },
    { id: 'redemptions', title: t('ins.member.redemptions'), body: <RedemptionsSection view={v} /> },
    { id: 'claims', title: t('ins.member.claims'), body: <ClaimsSection view={v} /> },
    { id: 'notifications', title: t('ins.member.notifications'), body: <NotificationsSection view={v} />, link: { to: `/console/deliveries?member=${member.id}`, label: t('ins.member.notificationsAll') } },
    { id: 'audit', title: t('ins.member.audit'), body: <AuditSection view={v} /> },
  ];
  return (
    <div className="ins-sections" aria-label={t('ins.member.sections')} role="region">
      <p className="muted" data-testid="member-counts">
        {t('ins.member.counts', { coupons: v.counts.coupons, active: v.counts.activeCoupons, redemptions: v.counts.redemptions, claims: v.counts.claims })}
      </p>
      {sections.map((section) => (
        <section key={section.id} className="panel" aria-labelledby={`m360-${section.id}`} data-section={section.id}>
          <div className="panel__header">
            <h2 id={`m360-${section.id}`}>{section.title}</h2>
            {section.link ? (
              <Link className="link" to={section.link.to}>
                {section.link.label}
              </Link>
            ) : null}
          </div>
          {section.body}
        </section>
      ))}
    </div>
  );
}

function refresh360(memberId: number) {
  void queryClient.invalidateQueries({ queryKey: ['console', 'ins', 'member360', memberId] });
  void queryClient.invalidateQueries({ queryKey: ['console', 'audit'] });
}

function WalletSection({ view }: { view: TMember360 }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const voidCoupon = useMutation({
    mutationFn: (id: number) => call('consoleVoidCoupon', { params: { id }, body: { reason: t('ins.member.voidReason') } }),
    onSuccess: (coupon) => {
      setConfirming(null);
      setMessage({ kind: 'success', text: t('ins.member.voidDone', { code: coupon.code }) });
      refresh360(view.member.id);
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });
  return (
    <div className="stack stack--tight">
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <IssueForm view={view} onMessage={setMessage} />
      {view.wallet.length === 0 ? (
        <p className="muted">{t('ins.member.walletEmpty')}</p>
      ) : (
        <div className="ins-table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('ins.member.wallet')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ins.member.coupon')}</th>
                <th scope="col">{t('ins.member.code')}</th>
                <th scope="col">{t('ins.member.status')}</th>
                <th scope="col">{t('ins.member.validUntil')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('ins.member.void')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.wallet.map((c) => (
                <Fragment key={c.id}>
                  <tr>
                    <td>{c.template.name}</td>
                    <td className="mono">{c.code}</td>
                    <td>{t(`ins.member.couponStatus.${c.status}`)}</td>
                    <td className="nowrap">{couponUntil(c.validUntil, time.lang, (until) => time.day(lastValidInstant(until)))}</td>
                    <td className="row-actions">
                      {c.status === 'active' ? (
                        <button type="button" className="btn btn--ghost btn--small" aria-expanded={confirming === c.id} aria-label={t('ins.member.voidLabel', { code: c.code })} onClick={() => setConfirming((x) => (x === c.id ? null : c.id))}>
                          {t('ins.member.void')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                  {confirming === c.id ? (
                    <ConfirmRow colSpan={5} text={t('ins.member.voidConfirm', { code: c.code })} labels={[t('ins.member.voidNo'), t('ins.member.voidYes')]} busy={voidCoupon.isPending} onCancel={() => setConfirming(null)} onConfirm={() => voidCoupon.mutate(c.id)} />
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function IssueForm({ view, onMessage }: { view: TMember360; onMessage: (m: { kind: 'success' | 'error'; text: string }) => void }) {
  const { t } = useTranslation();
  const templates = useQuery({ queryKey: ['console', 'ins', 'issue-templates'], queryFn: () => call('consoleCouponTemplates') });
  const active = templates.data?.items.filter((x) => x.status === 'active') ?? [];
  const [templateId, setTemplateId] = useState('');
  const chosen = templateId || (active[0] ? String(active[0].id) : '');
  const issue = useMutation({
    mutationFn: () => call('consoleIssueCoupon', { body: { templateId: Number(chosen), mobile: view.member.mobile ?? '' } }),
    onSuccess: (coupon) => {
      onMessage({ kind: 'success', text: t('ins.member.issued', { name: coupon.template.name }) });
      refresh360(view.member.id);
    },
    onError: (error) => onMessage({ kind: 'error', text: errorMessage(error) }),
  });
  if (!view.member.mobile) return <p className="muted">{t('ins.member.noMobile')}</p>;
  return (
    <form
      className="ins-inline-form"
      aria-label={t('ins.member.issue')}
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) issue.mutate();
      }}
    >
      <label className="field">
        <span className="field__label">{t('ins.member.issueTemplate')}</span>
        <select className="field__input" value={chosen} onChange={(e) => setTemplateId(e.target.value)}>
          {active.map((x) => (
            <option key={x.id} value={String(x.id)}>
              {x.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn--primary" disabled={!chosen || issue.isPending}>
        {issue.isPending ? t('ins.member.issuing') : t('ins.member.issueSubmit')}
      </button>
    </form>
  );
}

function SimpleTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: ReactNode[][] }) {
  return (
    <div className="ins-table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RedemptionsSection({ view }: { view: TMember360 }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  if (view.redemptions.length === 0) return <p className="muted">{t('ins.member.redemptionsEmpty')}</p>;
  return (
    <SimpleTable
      caption={t('ins.member.redemptions')}
      columns={[t('ins.member.when'), t('ins.member.coupon'), t('ins.member.store'), t('ins.member.uses'), t('ins.member.discount')]}
      rows={view.redemptions.map((r) => [
        <time dateTime={r.at}>{time.dateTime(r.at)}</time>,
        <>
          {r.couponName} <span className="mono muted">{r.code}</span>
          {r.isVoided ? <span className="chip">{t('ins.member.voided')}</span> : null}
        </>,
        r.storeName,
        r.uses,
        r.discount === null ? '—' : `NT$${r.discount.toLocaleString()}`,
      ])}
    />
  );
}

function ClaimsSection({ view }: { view: TMember360 }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  if (view.claims.length === 0) return <p className="muted">{t('ins.member.claimsEmpty')}</p>;
  return (
    <SimpleTable
      caption={t('ins.member.claims')}
      columns={[t('ins.member.when'), t('ins.member.campaign'), t('ins.member.via')]}
      rows={view.claims.map((c) => [
        <time dateTime={c.at}>{time.dateTime(c.at)}</time>,
        <Link className="link" to={`/console/campaigns/${c.campaignId}`}>
          {c.campaignName}
        </Link>,
        t(`ins.member.viaValue.${c.via}`),
      ])}
    />
  );
}

function NotificationsSection({ view }: { view: TMember360 }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  if (view.notifications.length === 0) return <p className="muted">{t('ins.member.notificationsEmpty')}</p>;
  return (
    <SimpleTable
      caption={t('ins.member.notifications')}
      columns={[t('ins.member.when'), t('ins.member.kind'), t('ins.member.status')]}
      rows={view.notifications.map((n) => [
        <time dateTime={n.createdAt}>{time.dateTime(n.createdAt)}</time>,
        <>
          {n.kindLabel}
          {n.isTest ? <span className="chip">{t('ins.member.test')}</span> : null}
        </>,
        t(`notif.status.${n.status}`, { defaultValue: n.status }),
      ])}
    />
  );
}

function AuditSection({ view }: { view: TMember360 }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  if (view.audit.length === 0) return <p className="muted">{t('ins.member.auditEmpty')}</p>;
  return (
    <SimpleTable
      caption={t('ins.member.audit')}
      columns={[t('console.audit.time'), t('console.audit.actor'), t('console.audit.action'), t('console.audit.details')]}
      rows={view.audit.map((e) => [
        <time dateTime={e.at}>{time.dateTime(e.at)}</time>,
        e.actor.name ?? t(`ins.audit.${e.actor.kind === 'member' ? 'system' : e.actor.kind}`),
        <span className="badge">{e.actionLabel}</span>,
        <>
          {e.target.name ? <span>{e.target.name} </span> : null}
          <AuditChanges entry={e} />
        </>,
      ])}
    />
  );
}

function MemberProfile({ member }: { member: TMemberDetail }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const name = member.name ?? member.displayName;
  const when = (iso: string | null) => (iso ? time.dateTime(iso) : '—');
  return (
    <section className="panel" aria-labelledby="member-name">
      <div className="member-head">
        <Avatar name={name} pictureUrl={member.pictureUrl} size={56} />
        <div>
          <h1 id="member-name">{name}</h1>
          <p className="muted">{member.displayName}</p>
          <span className="chips">
            <span className={`status ${member.isRegistered ? 'status--on' : 'status--pending'}`}>
              {member.isRegistered ? t('console.members.registered') : t('console.members.unregistered')}
            </span>
            <span className={`status ${member.isFollowing ? 'status--on' : 'status--off'}`}>
              {member.isFollowing ? t('console.members.following') : t('console.members.notFollowing')}
            </span>
            {member.roles.isAdmin ? <span className="chip chip--admin">{t('console.staff.admin')}</span> : null}
            {member.roles.staffStores.map((s) => (
              <span key={s.id} className="chip">
                {s.name}
              </span>
            ))}
          </span>
        </div>
      </div>
      <h2 className="panel__subtitle">{t('console.member.profile')}</h2>
      <Facts
        className="data-list data-list--columns"
        rows={[
          [t('console.members.mobile'), member.mobile ?? '—'],
          [t('console.member.birthday'), member.birthday ? formatBirthday(member.birthday, time.lang) : '—'],
          [t('console.member.registeredAt'), when(member.registeredAt)],
          [t('console.member.consentAt'), when(member.consentAt)],
          [t('console.member.followedAt'), when(member.followedAt)],
          member.unfollowedAt ? [t('console.member.unfollowedAt'), when(member.unfollowedAt)] : null,
          [t('console.member.createdAt'), when(member.createdAt)],
          [t('console.member.lineUserId'), member.lineUserId, 'mono'],
        ]}
      />
    </section>
  );
}

function RolesEditor({ member }: { member: TMemberDetail }) {
  const { t } = useTranslation();
  const stores = useStores();
  const { data: me } = useMe();
  const [isAdmin, setIsAdmin] = useState(member.roles.isAdmin);
  const [storeIds, setStoreIds] = useState<number[]>(member.roles.staffStores.map((s) => s.id));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => call('consoleSetRoles', { params: { id: member.id }, body: { isAdmin, staffStoreIds: storeIds } }),
    onSuccess: (updated) => {
      setSaved(true);
      queryClient.setQueryData(consoleKeys.member(member.id), updated);
      void queryClient.invalidateQueries({ queryKey: consoleKeys.staff });
      void queryClient.invalidateQueries({ queryKey: ['console', 'audit'] });
      if (me?.id === member.id) void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const toggleStore = (store: TStore, checked: boolean) => {
    setSaved(false);
    setStoreIds((ids) => (checked ? [...ids, store.id] : ids.filter((id) => id !== store.id)));
  };

  return (
    <form className="panel roles-form" onSubmit={submit} aria-labelledby="roles-title">
      <h2 id="roles-title">{t('console.member.roles')}</h2>
      <p className="muted">{t('console.member.rolesIntro')}</p>
      {saved ? <Notice kind="success">{t('console.member.rolesSaved', { name: member.name ?? member.displayName })}</Notice> : null}
      {save.isError ? <Notice kind="error">{errorMessage(save.error)}</Notice> : null}
      <SwitchRow
        role="switch"
        checked={isAdmin}
        title={t('console.member.admin')}
        hint={t('console.member.adminHint')}
        onChange={(checked) => {
          setSaved(false);
          setIsAdmin(checked);
        }}
      />
      <fieldset className="store-checks">
        <legend>{t('console.member.staffStores')}</legend>
        {stores.isPending ? (
          <Skeleton height={40} />
        ) : stores.isError ? (
          <ErrorState error={stores.error} onRetry={() => void stores.refetch()} />
        ) : stores.data.items.length === 0 ? (
          <p className="muted">{t('console.member.noStores')}</p>
        ) : (
          stores.data.items.map((store) => (
            <label key={store.id} className="check-row">
              <input type="checkbox" checked={storeIds.includes(store.id)} onChange={(e) => toggleStore(store, e.target.checked)} />
              <span>{store.isActive ? store.name : t('console.member.inactiveStore', { name: store.name })}</span>
            </label>
          ))
        )}
      </fieldset>
      <button type="submit" className="btn btn--primary" disabled={save.isPending}>
        {save.isPending ? t('common.saving') : t('console.member.saveRoles')}
      </button>
    </form>
  );
}
