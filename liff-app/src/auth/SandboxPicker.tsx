import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { Avatar, ErrorState, Notice, Skeleton } from '../components/ui.tsx';
import { Field } from '../components/Field.tsx';
import { createSandboxUser, listSandboxUsers } from './sandbox-api.ts';
import { pickSandboxUser } from './session.ts';

/** Sandbox only: choose which LINE test user this tab acts as ("選擇測試會員"). */
export default function SandboxPicker({ notice }: { notice?: string | undefined }) {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['sandbox', 'users'], queryFn: listSandboxUsers, staleTime: 0 });
  const [displayName, setDisplayName] = useState('');
  const create = useMutation({
    mutationFn: (name: string) => createSandboxUser(name),
    onSuccess: (user) => pickSandboxUser(user.userId),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (displayName.trim()) create.mutate(displayName.trim());
  };

  return (
    <div className="gate-card picker">
      <span className="pill pill--sandbox">{t('common.sandboxBadge')}</span>
      <h1>{t('auth.pickerTitle')}</h1>
      <p className="muted">{t('auth.pickerIntro')}</p>
      {notice ? <Notice kind="error">{notice}</Notice> : null}
      {users.isPending ? (
        <div aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={60} radius={12} className="picker__skeleton" />
          ))}
        </div>
      ) : users.isError ? (
        <ErrorState error={users.error} title={t('auth.pickerLoadFailed')} onRetry={() => void users.refetch()} />
      ) : (
        <ul className="picker__list" aria-label={t('auth.pickerTitle')}>
          {users.data.map((user) => (
            <li key={user.userId}>
              <button type="button" className="picker__user" onClick={() => pickSandboxUser(user.userId)}>
                <Avatar name={user.displayName} pictureUrl={user.pictureUrl} size={40} />
                <span className="picker__name">
                  <strong>{user.displayName}</strong>
                  <small>{user.isFollowing ? t('auth.pickerRegistered') : t('auth.pickerNotFollowing')}</small>
                </span>
                <Icon name="chevronRight" size={20} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="picker__new" onSubmit={submit}>
        <h2>{t('auth.pickerNewTitle')}</h2>
        <div className="picker__new-row">
          <Field label={t('auth.pickerNewName')} value={displayName} maxLength={20} onChange={(e) => setDisplayName(e.target.value)} error={create.error?.message} />
          <button type="submit" className="btn btn--secondary" disabled={create.isPending || !displayName.trim()}>
            {t('auth.pickerNewSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
