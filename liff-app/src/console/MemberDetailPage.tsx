import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { TMemberDetail, TStore } from '../../../shared/api/schemas.ts';
import { call, errorMessage } from '../api/client.ts';
import { queryClient, queryKeys, useMe } from '../api/query.ts';
import { Avatar, ErrorState, Facts, Notice, Skeleton, SwitchRow } from '../components/ui.tsx';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { formatBirthday } from '../lib/dates.ts';
import { consoleKeys, useStores } from './shared.tsx';
import { BackLink } from './components.tsx';

export function MemberDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const member = useQuery({ queryKey: consoleKeys.member(id), queryFn: () => call('consoleGetMember', { params: { id } }), enabled: Number.isSafeInteger(id) && id > 0 });

  return (
    <div className="stack">
      <BackLink to="/console/members" label={t('console.member.back')} />
      {member.isError ? (
        <ErrorState error={member.error} onRetry={() => void member.refetch()} />
      ) : member.isPending ? (
        <div className="panel stack" aria-busy="true">
          <Skeleton width={240} height={28} />
          <Skeleton height={16} />
          <Skeleton height={16} width="60%" />
        </div>
      ) : (
        <div className="detail-grid">
          <MemberProfile member={member.data} />
          <RolesEditor key={member.data.id} member={member.data} />
        </div>
      )}
    </div>
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
