import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TApiKeyView } from '../../../../shared/api/notifications.ts';
import type { TStore } from '../../../../shared/api/schemas.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, FormActions, Notice } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { ConfirmRow, ConfirmToggle, CreateButton, ListTable, ModalDialog, NameField, nameProblem, useRowActions } from '../components.tsx';
import { PageHeader, useStores } from '../shared.tsx';
import { notifKeys } from './api.ts';

const SCOPES = ['partner', 'pos'] as const;
type Scope = (typeof SCOPES)[number];
export const OPENAPI_URL = '/api/partner/openapi.json';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const keys = useQuery({ queryKey: notifKeys.apiKeys, queryFn: () => call('consoleListApiKeys') });
  const stores = useStores();
  const [creating, setCreating] = useState(false);
  const rows = useRowActions();
  const { confirming, message, setMessage } = rows;

  const revoke = useMutation({
    mutationFn: (key: TApiKeyView) => call('consoleRevokeApiKey', { params: { id: key.id } }),
    onSuccess: (key) => {
      rows.done(t('notif.apiKeys.revokedDone', { name: key.name }));
      void queryClient.invalidateQueries({ queryKey: notifKeys.apiKeys });
    },
    onError: rows.failed,
  });

  const storeNames = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));
  // Active keys first, newest first.
  const items = [...(keys.data?.items ?? [])].sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || b.createdAt.localeCompare(a.createdAt));

  return (
    <div className="stack">
      <PageHeader title={t('notif.apiKeys.title')} intro={t('notif.apiKeys.intro')}>
        <a href={OPENAPI_URL} target="_blank" rel="noopener" className="btn btn--secondary">
          {t('notif.apiKeys.docs')}
        </a>
        <CreateButton
          label={t('notif.apiKeys.create')}
          onClick={() => {
            setMessage(null);
            setCreating(true);
          }}
        />
      </PageHeader>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}

      <ListTable
        query={keys}
        columns={[t('notif.apiKeys.name'), t('notif.apiKeys.scopes'), t('notif.apiKeys.stores'), t('notif.apiKeys.created'), t('notif.apiKeys.lastUsed'), t('notif.apiKeys.status'), { actions: t('notif.apiKeys.actions') }]}
        isEmpty={items.length === 0}
        empty={<EmptyState icon="lock" title={t('notif.apiKeys.empty')} body={t('notif.apiKeys.emptyBody')} action={<CreateButton label={t('notif.apiKeys.create')} onClick={() => setCreating(true)} />} />}
        caption={t('notif.apiKeys.title')}
        skeletonRows={3}
      >
        {items.map((key) => (
          <Fragment key={key.id}>
            <tr className={key.revokedAt ? 'is-muted' : confirming === key.id ? 'notif-row--confirming' : undefined}>
              <td className="notif-key-name">
                <strong>{key.name}</strong>
                <code className="notif-key-prefix">
                  {key.prefix}…
                </code>
              </td>
              <td>
                <span className="chips notif-nowrap-chips">
                  {key.scopes.map((scope) => (
                    <span key={scope} className="chip" title={t(`notif.apiKeys.scopeHint.${scope}`, { defaultValue: scope })}>
                      {t(`notif.apiKeys.scope.${scope}`, { defaultValue: scope })}
                    </span>
                  ))}
                </span>
              </td>
              <td className="notif-key-stores nowrap">
                {key.storeIds === null
                  ? t('notif.apiKeys.allStores')
                  : key.storeIds.map((id) => storeNames.get(id) ?? t('notif.apiKeys.unknownStore', { id })).join('、')}
              </td>
              <td className="notif-when">
                <time dateTime={key.createdAt}>{time.dateTime(key.createdAt)}</time>
              </td>
              <td className="notif-when">{key.lastUsedAt ? <time dateTime={key.lastUsedAt}>{time.dateTime(key.lastUsedAt)}</time> : <span className="muted">{t('notif.apiKeys.neverUsed')}</span>}</td>
              <td>
                {key.revokedAt ? (
                  <>
                    <span className="status status--off">{t('notif.apiKeys.revokedAt')}</span>
                    <small className="notif-sub">{t('notif.apiKeys.revokedOn', { time: time.dateTime(key.revokedAt) })}</small>
                  </>
                ) : (
                  <span className="status status--on">{t('notif.apiKeys.active')}</span>
                )}
              </td>
              <td className="row-actions">
                {key.revokedAt ? null : (
                  <ConfirmToggle label={t('notif.apiKeys.revoke')} className="notif-danger-text" open={confirming === key.id} onToggle={() => rows.toggle(key.id)} />
                )}
              </td>
            </tr>
            {confirming === key.id && !key.revokedAt ? (
              <ConfirmRow align="end" colSpan={7} text={t('notif.apiKeys.revokeConfirm', { name: key.name })} busy={revoke.isPending} onCancel={rows.cancel} onConfirm={() => revoke.mutate(key)} labels={[t('common.cancel'), t('notif.apiKeys.revokeYes')]} />
            ) : null}
          </Fragment>
        ))}
      </ListTable>

      {creating ? (
        <CreateKeyDialog
          stores={stores.data?.items ?? []}
          onClose={() => setCreating(false)}
          onCreated={() => void queryClient.invalidateQueries({ queryKey: notifKeys.apiKeys })}
        />
      ) : null}
    </div>
  );
}

type Errors = Partial<Record<'name' | 'scopes' | 'storeIds', string>>;

/** Creates a key in a modal dialog, then shows the key once with a copy button. */
function CreateKeyDialog({ stores, onClose, onCreated }: { stores: TStore[]; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['partner']);
  const [storeMode, setStoreMode] = useState<'all' | 'some'>('all');
  const [storeIds, setStoreIds] = useState<number[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const editName = (value: string) => {
    setName(value);
    setErrors((x) => ({ ...x, name: undefined }));
  };
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ key: string; apiKey: TApiKeyView } | null>(null);

  const create = useMutation({
    mutationFn: () => call('consoleCreateApiKey', { body: { name: name.trim(), scopes, storeIds: storeMode === 'all' ? null : storeIds } }),
    onSuccess: (result) => {
      setCreated(result);
      onCreated();
    },
    onError: (error) => {
      const field = isApiError(error) ? error.field?.split('.')[0] : undefined;
      if (isApiError(error) && (field === 'name' || field === 'scopes' || field === 'storeIds')) setErrors({ [field]: error.fieldMessage });
      else setFormError(errorMessage(error));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const next: Errors = { name: nameProblem(name, t) };
    if (scopes.length === 0) next.scopes = t('form.required');
    if (storeMode === 'some' && storeIds.length === 0) next.storeIds = t('notif.apiKeys.dialog.storesRequired');
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
      requestAnimationFrame(() => dialogRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    create.mutate();
  };

  return (
    // Esc while creating would lose the request's answer (and the key with it): ModalDialog ignores it while busy.
    <ModalDialog dialogRef={dialogRef} size="narrow" titleId={titleId} busy={create.isPending} onClose={onClose}>
      {created ? (
        <CreatedKey created={created} titleId={titleId} onDone={() => dialogRef.current?.close()} />
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <h2 id={titleId}>{t('notif.apiKeys.dialog.title')}</h2>
          {formError ? <Notice kind="error">{formError}</Notice> : null}
          <NameField label={t('notif.apiKeys.dialog.name')} hint={t('notif.apiKeys.dialog.nameHint')} value={name} error={errors.name} onChange={editName} />
          <fieldset className="store-checks" aria-invalid={errors.scopes ? true : undefined}>
            <legend>{t('notif.apiKeys.dialog.scopes')}</legend>
            {SCOPES.map((scope) => (
              <label key={scope} className="check-row notif-check">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(e) => {
                    setScopes((list) => (e.target.checked ? [...list, scope] : list.filter((s) => s !== scope)));
                    setErrors((x) => ({ ...x, scopes: undefined }));
                  }}
                />
                <span>
                  <strong>{t(`notif.apiKeys.scope.${scope}`)}</strong>
                  <small>{t(`notif.apiKeys.scopeHint.${scope}`)}</small>
                </span>
              </label>
            ))}
            {errors.scopes ? (
              <p className="field__error" role="alert">
                {errors.scopes}
              </p>
            ) : null}
          </fieldset>
          <fieldset className="store-checks">
            <legend>{t('notif.apiKeys.dialog.stores')}</legend>
            <label className="check-row">
              <input type="radio" name="store-mode" checked={storeMode === 'all'} onChange={() => setStoreMode('all')} />
              <span>{t('notif.apiKeys.dialog.storesAll')}</span>
            </label>
            <label className="check-row">
              <input type="radio" name="store-mode" checked={storeMode === 'some'} onChange={() => setStoreMode('some')} disabled={stores.length === 0} />
              <span>{stores.length === 0 ? `${t('notif.apiKeys.dialog.storesSome')}（${t('notif.apiKeys.dialog.storesNone')}）` : t('notif.apiKeys.dialog.storesSome')}</span>
            </label>
            {storeMode === 'some' ? (
              <div className="notif-store-list">
                {stores.map((store) => (
                  <label key={store.id} className="check-row">
                    <input
                      type="checkbox"
                      aria-invalid={errors.storeIds ? true : undefined}
                      checked={storeIds.includes(store.id)}
                      onChange={(e) => {
                        setStoreIds((list) => (e.target.checked ? [...list, store.id] : list.filter((id) => id !== store.id)));
                        setErrors((x) => ({ ...x, storeIds: undefined }));
                      }}
                    />
                    <span>
                      {store.name}
                      {store.isActive ? null : <small className="muted">（{t('console.stores.inactive')}）</small>}
                    </span>
                  </label>
                ))}
              </div>
            ) : null}
            {errors.storeIds ? (
              <p className="field__error" role="alert">
                {errors.storeIds}
              </p>
            ) : null}
          </fieldset>
          <FormActions busy={create.isPending} onCancel={() => dialogRef.current?.close()} cancelLabel={t('notif.apiKeys.dialog.cancel')} submitLabel={t('notif.apiKeys.dialog.submit')} busyLabel={t('notif.apiKeys.dialog.submitting')} />
        </form>
      )}
    </ModalDialog>
  );
}

function CreatedKey({ created, titleId, onDone }: { created: { key: string; apiKey: TApiKeyView }; titleId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const keyId = useId();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copyKey = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopy('copied');
    } catch {
      // No clipboard permission (an iframe, an old browser): select it so Ctrl+C works.
      inputRef.current?.select();
      setCopy(document.execCommand?.('copy') ? 'copied' : 'failed');
    }
  };

  const example = [
    `curl -X POST ${window.location.origin}/api/partner/notifications \\`,
    `  -H "Authorization: Bearer ${created.key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"member":{"id":1},"kind":"reservation","variables":{"store":"信義店","time":"2026-11-28T10:30:00+08:00","partySize":4}}'`,
  ].join('\n');

  return (
    <div className="form notif-created">
      <h2 id={titleId}>
        <Icon name="check" size={22} />
        {t('notif.apiKeys.dialog.createdTitle')}
      </h2>
      <div className="notif-banner notif-banner--inline" role="alert">
        <Icon name="alert" size={20} />
        <p>{t('notif.apiKeys.dialog.warning')}</p>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={keyId}>
          {t('notif.apiKeys.dialog.keyLabel', { name: created.apiKey.name })}
        </label>
        <div className="notif-key">
          <input id={keyId} ref={inputRef} className="field__input mono" value={created.key} readOnly onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          <button type="button" className="btn btn--primary" onClick={() => void copyKey()}>
            {copy === 'copied' ? <Icon name="check" size={18} /> : null}
            {copy === 'copied' ? t('notif.apiKeys.dialog.copied') : t('notif.apiKeys.dialog.copy')}
          </button>
        </div>
        <p className="field__hint" aria-live="polite">
          {copy === 'failed' ? t('notif.apiKeys.dialog.copyFailed') : ''}
        </p>
      </div>
      {created.apiKey.scopes.includes('partner') ? (
        <details className="terms">
          <summary>{t('notif.apiKeys.dialog.example')}</summary>
          <pre className="notif-code">{example}</pre>
        </details>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn--primary" onClick={onDone}>
          {t('notif.apiKeys.dialog.done')}
        </button>
      </div>
    </div>
  );
}
