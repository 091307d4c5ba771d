import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TStore } from '../../../shared/api/schemas.ts';
import { call, errorMessage } from '../api/client.ts';
import { queryClient, useContract } from '../api/query.ts';
import { EmptyState, FormActions, Notice } from '../components/ui.tsx';
import { Field } from '../components/Field.tsx';
import { useForm } from '../lib/useForm.ts';
import { CreateButton, ListTable } from './components.tsx';
import { PageHeader, useStores } from './shared.tsx';
import { EnglishVersion } from './english/EnglishVersion.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; store: TStore } | null;

/**
 * Every PATCH carries the whole record: the server's update schema is `ZStoreInput.partial()`,
 * whose defaults would otherwise blank the address, phone and hours and reopen the store.
 */
function fullRecord(store: TStore) {
  return { code: store.code, name: store.name, address: store.address, phone: store.phone, openingHours: store.openingHours, isActive: store.isActive };
}

export function StoresPage() {
  const { t } = useTranslation();
  const stores = useStores();
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);

  const toggle = useMutation({
    mutationFn: (store: TStore) => call('consoleUpdateStore', { params: { id: store.id }, body: { ...fullRecord(store), isActive: !store.isActive } }),
    onSuccess: (store) => {
      setConfirming(null);
      setMessage({ kind: 'success', text: t(store.isActive ? 'console.stores.reactivated' : 'console.stores.deactivated', { name: store.name }) });
      void queryClient.invalidateQueries({ queryKey: ['console'] });
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });

  return (
    <div className="stack">
      <PageHeader title={t('console.stores.title')}>
        <CreateButton
          label={t('console.stores.add')}
          onClick={() => {
            setMessage(null);
            setEditing({ mode: 'create' });
          }}
        />
      </PageHeader>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {editing ? (
        <StoreForm
          key={editing.mode === 'edit' ? editing.store.id : 'new'}
          editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(store, created) => {
            setEditing(null);
            setMessage({ kind: 'success', text: t(created ? 'console.stores.created' : 'console.stores.updated', { name: store.name }) });
            void queryClient.invalidateQueries({ queryKey: ['console'] });
          }}
        />
      ) : null}
      <ListTable
        query={stores}
        columns={[t('console.stores.code'), t('console.stores.name'), t('console.stores.address'), t('console.stores.phone'), t('console.stores.openingHours'), t('console.stores.status'), { actions: t('console.stores.actions') }]}
        isEmpty={stores.data?.items.length === 0}
        empty={<EmptyState icon="store" title={t('console.stores.empty')} />}
        caption={t('console.stores.title')}
        skeletonRows={3}
      >
        {stores.data?.items.map((store) => (
          <tr key={store.id} className={store.isActive ? undefined : 'is-muted'}>
            <td>
              <code>{store.code}</code>
            </td>
            <td className="strong">{store.name}</td>
            <td>{store.address}</td>
            <td className="nowrap">{store.phone}</td>
            <td>{store.openingHours}</td>
            <td>
              <span className={`status ${store.isActive ? 'status--on' : 'status--off'}`}>{store.isActive ? t('console.stores.active') : t('console.stores.inactive')}</span>
            </td>
            <td className="row-actions">
              {confirming === store.id ? (
                <span className="confirm" role="group" aria-label={t('console.stores.confirmDeactivate', { name: store.name })}>
                  <span>{t('console.stores.confirmDeactivate', { name: store.name })}</span>
                  <button type="button" className="btn btn--danger btn--small" disabled={toggle.isPending} onClick={() => toggle.mutate(store)}>
                    {t('console.stores.confirm')}
                  </button>
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </span>
              ) : (
                <>
                  <button
                    type="button"
                    className="btn btn--secondary btn--small"
                    aria-label={t('console.stores.editLabel', { name: store.name })}
                    onClick={() => {
                      setMessage(null);
                      setEditing({ mode: 'edit', store });
                    }}
                  >
                    {t('common.edit')}
                  </button>
                  {store.isActive ? (
                    <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirming(store.id)}>
                      {t('console.stores.deactivate')}
                    </button>
                  ) : (
                    <button type="button" className="btn btn--ghost btn--small" disabled={toggle.isPending} onClick={() => toggle.mutate(store)}>
                      {t('console.stores.reactivate')}
                    </button>
                  )}
                </>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </div>
  );
}

function StoreForm({ editing, onCancel, onSaved }: { editing: NonNullable<Editing>; onCancel: () => void; onSaved: (store: TStore, created: boolean) => void }) {
  const { t } = useTranslation();
  const contract = useContract();
  const existing = editing.mode === 'edit' ? editing.store : null;
  const form = useForm({
    initial: {
      code: existing?.code ?? '',
      name: existing?.name ?? '',
      nameEn: existing?.nameEn ?? '',
      address: existing?.address ?? '',
      phone: existing?.phone ?? '',
      openingHours: existing?.openingHours ?? '',
    },
    schema: existing ? contract.data?.api.consoleUpdateStore.input : contract.data?.api.consoleCreateStore.input,
    toInput: (values) => ({ ...values, phone: values.phone.trim() ? values.phone : null, nameEn: values.nameEn.trim() ? values.nameEn : null, ...(existing ? { isActive: existing.isActive } : {}) }),
    submit: async (input) => {
      const body = input as { code: string; name: string; nameEn: string | null; address: string; phone: string | null; openingHours: string };
      const store = existing ? await call('consoleUpdateStore', { params: { id: existing.id }, body }) : await call('consoleCreateStore', { body });
      onSaved(store, !existing);
    },
  });
  const title = existing ? t('console.stores.editTitle', { name: existing.name }) : t('console.stores.addTitle');

  return (
    <form ref={form.formRef} className="panel form store-form" onSubmit={form.onSubmit} noValidate aria-label={title}>
      <h2>{title}</h2>
      {form.formError ? <Notice kind="error">{form.formError}</Notice> : null}
      <div className="form-grid">
        <Field label={t('console.stores.code')} {...form.field('code')} hint={t('console.stores.codeHint')} autoCapitalize="characters" />
        <Field label={t('console.stores.name')} {...form.field('name')} />
        <Field label={t('console.stores.address')} {...form.field('address')} className="span-2" />
        <Field label={t('console.stores.phone')} {...form.field('phone')} type="tel" />
        <Field label={t('console.stores.openingHours')} {...form.field('openingHours')} />
        <div className="span-2">
          <EnglishVersion filled={Boolean(existing?.nameEn)}>
            <Field label={t('enVer.name')} {...form.field('nameEn')} />
          </EnglishVersion>
        </div>
      </div>
      <FormActions busy={form.submitting} cancelLabel={t('common.cancel')} onCancel={onCancel} submitLabel={t('common.save')} busyLabel={t('common.saving')} />
    </form>
  );
}
