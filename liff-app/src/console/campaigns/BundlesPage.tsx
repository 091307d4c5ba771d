import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TBundleView } from '../../../../shared/api/campaigns.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { Field } from '../../components/Field.tsx';
import { EmptyState, Notice } from '../../components/ui.tsx';
import { CreateButton, FormDialog, ListTable, NameField, nameProblem } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { focusFirstInvalid, useBundles, useOfferTemplates } from './api.ts';
import { pickLanguage, useLanguage } from '../../i18n/index.ts';
import { EnglishVersion } from '../english/EnglishVersion.tsx';

/** /console/bundles: several coupons claimed with one tap (the birthday pack). */
export function BundlesPage() {
  const { t } = useTranslation();
  const bundles = useBundles();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const items = [...(bundles.data?.items ?? [])].sort((a, b) => b.id - a.id);

  const open = () => {
    setMessage(null);
    setCreating(true);
  };

  return (
    <div className="stack">
      <PageHeader title={t('camp.bundles.title')} intro={t('camp.bundles.intro')}>
        <CreateButton label={t('camp.bundles.create')} onClick={open} />
      </PageHeader>
      {message ? <Notice kind="success">{message}</Notice> : null}

      <ListTable
        query={bundles}
        columns={[t('camp.bundles.name'), t('camp.bundles.items'), { label: t('camp.bundles.count'), className: 'num' }, t('camp.bundles.status')]}
        isEmpty={items.length === 0}
        empty={<EmptyState icon="gift" title={t('camp.bundles.empty')} body={t('camp.bundles.emptyBody')} action={<CreateButton label={t('camp.bundles.create')} onClick={open} />} />}
        className="table camp-table"
        caption={t('camp.bundles.title')}
        skeletonRows={3}
      >
        {items.map((b) => (
          <BundleRow key={b.id} bundle={b} />
        ))}
      </ListTable>

      {creating ? (
        <CreateBundleDialog
          onClose={() => setCreating(false)}
          onCreated={(bundle) => {
            setMessage(t('camp.bundles.dialog.created', { name: bundle.name }));
            void queryClient.invalidateQueries({ queryKey: ['console', 'camp', 'bundles'] });
          }}
        />
      ) : null}
    </div>
  );
}

function BundleRow({ bundle }: { bundle: TBundleView }) {
  const { t } = useTranslation();
  const count = bundle.items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <tr className={bundle.status === 'archived' ? 'is-muted' : undefined}>
      <td className="camp-name">
        <strong>{bundle.name}</strong>
        {bundle.description ? <small className="camp-sub camp-clamp">{bundle.description}</small> : null}
      </td>
      <td>
        <ul className="camp-bundle-items">
          {bundle.items.map((item) => (
            <li key={item.templateId}>
              <span className="camp-bundle-items__name">
                {item.name}
                {item.quantity > 1 ? <span className="camp-qty">×{item.quantity}</span> : null}
              </span>
              {item.summary ? <small className="camp-sub">{item.summary}</small> : null}
            </li>
          ))}
        </ul>
      </td>
      <td className="num">{t('camp.bundles.countValue', { count })}</td>
      <td>
        <span className={`status ${bundle.status === 'active' ? 'status--on' : 'status--off'}`}>{t(`camp.status.${bundle.status}`)}</span>
      </td>
    </tr>
  );
}

interface Row {
  key: number;
  templateId: string;
  quantity: string;
}

type Errors = { name?: string; description?: string; items?: string; rows?: Record<number, { templateId?: string; quantity?: string }> };

function CreateBundleDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (bundle: TBundleView) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const templates = useOfferTemplates();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const rowsId = useId();
  const nextKey = useRef(2);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [descriptionEn, setDescriptionEn] = useState('');
  const [rows, setRows] = useState<Row[]>([{ key: 1, templateId: '', quantity: '1' }]);
  const [errors, setErrors] = useState<Errors>({});
  const editName = (value: string) => {
    setName(value);
    setErrors((x) => ({ ...x, name: undefined }));
  };
  const [formError, setFormError] = useState<string | null>(null);
  const active = (templates.data?.items ?? []).filter((x) => x.status === 'active');

  const create = useMutation({
    mutationFn: () =>
      call('consoleCreateBundle', {
        body: { name: name.trim(), description: description.trim(), nameEn: nameEn.trim() || null, descriptionEn: descriptionEn.trim() || null, items: rows.map((r) => ({ templateId: Number(r.templateId), quantity: Number(r.quantity) })) },
      }),
    onSuccess: (bundle) => {
      onCreated(bundle);
      dialogRef.current?.close();
    },
    onError: (error) => {
      const field = isApiError(error) ? error.field?.split('.')[0] : undefined;
      if (isApiError(error) && (field === 'name' || field === 'description' || field === 'items')) {
        setErrors({ [field]: pickLanguage(error.fieldMessage, lang) });
        focusFirstInvalid(dialogRef.current, field);
      } else setFormError(errorMessage(error));
    },
  });

  const updateRow = (key: number, change: Partial<Row>) => {
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)));
    setErrors((e) => ({ ...e, items: undefined, rows: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const next: Errors = { name: nameProblem(name, t) };
    if ([...description.trim()].length > 500) next.description = t('form.tooLong', { max: 500 });
    const rowErrors: NonNullable<Errors['rows']> = {};
    const seen = new Set<string>();
    for (const r of rows) {
      const e: { templateId?: string; quantity?: string } = {};
      if (!r.templateId) e.templateId = t('camp.bundles.dialog.pick');
      else if (seen.has(r.templateId)) e.templateId = t('camp.bundles.dialog.duplicate');
      seen.add(r.templateId);
      const q = Number(r.quantity);
      if (!/^\d+$/.test(r.quantity.trim()) || q < 1 || q > 20) e.quantity = t('camp.form.invalidNumber', { min: 1, max: 20 });
      if (e.templateId || e.quantity) rowErrors[r.key] = e;
    }
    if (Object.keys(rowErrors).length > 0) next.rows = rowErrors;
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
      focusFirstInvalid(dialogRef.current);
      return;
    }
    create.mutate();
  };

  const total = rows.reduce((sum, r) => sum + (Number(r.quantity) > 0 ? Number(r.quantity) : 0), 0);

  return (
    <FormDialog dialogRef={dialogRef} busy={create.isPending} error={formError} onSubmit={submit} onClose={onClose}
      labels={[t('camp.bundles.dialog.title'), t('camp.bundles.dialog.cancel'), t('camp.bundles.dialog.submit'), t('camp.bundles.dialog.submitting')]}
    >
      <NameField label={t('camp.bundles.dialog.name')} hint={t('camp.bundles.dialog.nameHint')} value={name} error={errors.name} onChange={editName} />
      <Field label={t('camp.bundles.dialog.description')} error={errors.description}>
        {(control) => (
          <textarea
            {...control}
            data-field="description"
            className="field__input camp-textarea"
            rows={2}
            maxLength={600}
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
              setErrors((x) => ({ ...x, description: undefined }));
            }}
          />
        )}
      </Field>
      <EnglishVersion filled={false}>
        <Field label={t('enVer.name')} value={nameEn} onChange={(e) => setNameEn(e.target.value)} maxLength={60} autoComplete="off" data-field="nameEn" />
        <Field label={t('enVer.description')}>
          {(control) => <textarea {...control} data-field="descriptionEn" className="field__input camp-textarea" rows={2} maxLength={500} value={descriptionEn} onChange={(e) => setDescriptionEn(e.target.value)} />}
        </Field>
      </EnglishVersion>
      <fieldset className="camp-items" data-field="items" tabIndex={-1}>
        <legend className="field__label">{t('camp.bundles.dialog.items')}</legend>
        <p className="field__hint">{t('camp.bundles.dialog.itemsHint')}</p>
        {templates.data && active.length === 0 ? <Notice kind="info">{t('camp.offer.none')}</Notice> : null}
        <ol className="camp-items__list">
          {rows.map((row, index) => {
            const rowError = errors.rows?.[row.key];
            const chosen = active.find((x) => String(x.id) === row.templateId);
            return (
              <li key={row.key} className="camp-item" aria-label={t('camp.bundles.dialog.itemLabel', { n: index + 1 })}>
                <div className={`field camp-item__template ${rowError?.templateId ? 'field--invalid' : ''}`}>
                  <label className="visually-hidden" htmlFor={`${rowsId}-t${row.key}`}>
                    {`${t('camp.bundles.dialog.itemLabel', { n: index + 1 })} ${t('camp.bundles.dialog.template')}`}
                  </label>
                  <select
                    id={`${rowsId}-t${row.key}`}
                    className="field__input"
                    value={row.templateId}
                    onChange={(e) => updateRow(row.key, { templateId: e.target.value })}
                    aria-invalid={rowError?.templateId ? true : undefined}
                    disabled={templates.isPending}
                  >
                    <option value="">{templates.isPending ? t('camp.offer.loading') : t('camp.bundles.dialog.pick')}</option>
                    {active.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                  {rowError?.templateId ? (
                    <p className="field__error" role="alert">
                      {rowError.templateId}
                    </p>
                  ) : chosen ? (
                    <p className="field__hint camp-clamp">{chosen.summary}</p>
                  ) : null}
                </div>
                <div className={`field camp-item__qty ${rowError?.quantity ? 'field--invalid' : ''}`}>
                  <label className="visually-hidden" htmlFor={`${rowsId}-q${row.key}`}>
                    {`${t('camp.bundles.dialog.itemLabel', { n: index + 1 })} ${t('camp.bundles.dialog.quantity')}`}
                  </label>
                  <span className="camp-suffixed">
                    <span aria-hidden="true">×</span>
                    <input
                      id={`${rowsId}-q${row.key}`}
                      className="field__input"
                      type="number"
                      min={1}
                      max={20}
                      value={row.quantity}
                      onChange={(e) => updateRow(row.key, { quantity: e.target.value })}
                      aria-invalid={rowError?.quantity ? true : undefined}
                    />
                  </span>
                  {rowError?.quantity ? (
                    <p className="field__error" role="alert">
                      {rowError.quantity}
                    </p>
                  ) : null}
                </div>
                <button
                  type="button"
                  className="btn btn--ghost btn--small camp-item__remove"
                  aria-label={t('camp.bundles.dialog.removeLabel', { n: index + 1 })}
                  disabled={rows.length === 1}
                  onClick={() => setRows((list) => list.filter((r) => r.key !== row.key))}
                >
                  {t('camp.bundles.dialog.remove')}
                </button>
              </li>
            );
          })}
        </ol>
        <div className="camp-items__foot">
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={rows.length >= 20}
            onClick={() => {
              const key = nextKey.current++;
              setRows((list) => [...list, { key, templateId: '', quantity: '1' }]);
            }}
          >
            <Icon name="plus" size={16} />
            {t('camp.bundles.dialog.add')}
          </button>
          <span className="muted">{t('camp.bundles.dialog.total', { count: total })}</span>
        </div>
        {errors.items ? (
          <p className="field__error" role="alert">
            {errors.items}
          </p>
        ) : null}
      </fieldset>
    </FormDialog>
  );
}
