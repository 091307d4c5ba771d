import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { followerLabel } from '../../../shared/glossary.ts';
import type { SandboxUser } from './api.ts';
import { Avatar } from './Avatar.tsx';
import { Icon } from '../components/Icon.tsx';
import { useSandboxLanguage } from './i18n.ts';
import { SandboxLangSwitch } from './LangSwitch.tsx';

interface UserListProps {
  users: SandboxUser[];
  selectedId: string | undefined;
  onSelect: (userId: string) => void;
  /** Resolves true once the user exists (the form then closes). */
  onAdd: (displayName: string) => Promise<boolean>;
}

function FollowBadge({ following }: { following: boolean }) {
  const lang = useSandboxLanguage();
  return <span className={`sb-badge${following ? ' sb-badge--on' : ''}`}>{followerLabel(following, lang)}</span>;
}

/** Test users: a list on wide screens, a select on phones (CSS decides which shows). */
export function UserList({ users, selectedId, onSelect, onAdd }: UserListProps) {
  const { t } = useTranslation();
  const lang = useSandboxLanguage();
  return (
    <aside className="sb-sidebar" aria-label={t('sandbox.users.region')}>
      <div className="sb-brand">
        <span className="sb-brand-mark">LINE</span>
        <span className="sb-brand-title">Sandbox</span>
        <span className="sb-brand-sub">{t('sandbox.users.brandSub')}</span>
      </div>

      <h2 className="sb-sidebar-heading">{t('sandbox.users.heading')}</h2>
      <ul className="sb-users">
        {users.map((user) => (
          <li key={user.userId}>
            <button
              type="button"
              className="sb-user"
              aria-current={user.userId === selectedId ? 'true' : undefined}
              onClick={() => onSelect(user.userId)}
              title={user.userId}
            >
              <Avatar name={user.displayName} pictureUrl={user.pictureUrl} seed={user.userId} size={40} />
              <span className="sb-user-text">
                <span className="sb-user-name">{user.displayName}</span>
                <span className="sb-user-id">{user.userId}</span>
              </span>
              <FollowBadge following={user.isFollowing} />
            </button>
          </li>
        ))}
        {users.length === 0 ? <li className="sb-users-empty">{t('sandbox.users.empty')}</li> : null}
      </ul>

      <label className="sb-user-select">
        <span className="sb-visually-hidden">{t('sandbox.users.select')}</span>
        <select value={selectedId ?? ''} onChange={(event) => onSelect(event.target.value)} disabled={users.length === 0}>
          {users.length === 0 ? <option value="">{t('sandbox.users.none')}</option> : null}
          {users.map((user) => (
            <option key={user.userId} value={user.userId}>
              {user.displayName}・{followerLabel(user.isFollowing, lang)}
            </option>
          ))}
        </select>
      </label>

      <AddUserForm onAdd={onAdd} />
      <SandboxLangSwitch />
    </aside>
  );
}

function AddUserForm({ onAdd }: { onAdd: (displayName: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const displayName = name.trim();
    if (!displayName || busy) return;
    setBusy(true);
    const ok = await onAdd(displayName);
    setBusy(false);
    if (ok) {
      setName('');
      setOpen(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="sb-add-user" onClick={() => setOpen(true)}>
        <Icon name="plus" size={16} strokeWidth={2.2} />
        <span>{t('sandbox.users.add')}</span>
      </button>
    );
  }
  return (
    <form className="sb-add-form" onSubmit={submit}>
      <input
        autoFocus
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={20}
        placeholder={t('sandbox.users.namePlaceholder')}
        aria-label={t('sandbox.users.nameLabel')}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
      />
      <button type="submit" className="sb-btn sb-btn--primary" disabled={!name.trim() || busy}>
        {busy ? t('sandbox.users.creating') : t('sandbox.users.create')}
      </button>
      <button type="button" className="sb-btn" onClick={() => setOpen(false)}>
        {t('sandbox.users.cancel')}
      </button>
    </form>
  );
}
