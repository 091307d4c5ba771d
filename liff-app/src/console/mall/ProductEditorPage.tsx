import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { TConsoleProduct, TProductInput, TProductKind, TProductSaved } from '../../../../shared/api/mall.ts';
import { PRODUCT_KINDS } from '../../../../shared/api/mall.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { ErrorState, FormActions, Notice, SkeletonStack } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { pickLanguage, useLanguage } from '../../i18n/index.ts';
import { isoToLocalInput, localInputToIso } from '../../lib/dates.ts';
import { BackLink } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { useOfferTemplates } from '../campaigns/api.ts';
import { useConsoleTiers } from '../tiers/api.ts';
import { refreshMall, useConsoleProduct } from './api.ts';

type PriceMode = TConsoleProduct['priceMode'];
type AudienceType = TConsoleProduct['audience']['type'];
type GuaranteeType = TConsoleProduct['guarantee']['type'];

interface Draft {
  kind: TProductKind;
  status: TConsoleProduct['status'];
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  category: string;
  imageUrl: string;
  items: { templateId: string; quantity: string }[];
  priceMode: PriceMode;
  priceCash: string;
  pricePoints: string;
  listPrice: string;
  stock: string;
  perMemberLimit: string;
  saleStartsAt: string;
  saleEndsAt: string;
  audience: AudienceType;
  tierIds: number[];
  withinDays: string;
  refundable: boolean;
  refundWindowDays: string;
  refundUnitValue: string;
  guaranteeType: GuaranteeType;
  guaranteeReference: string;
  guaranteeNote: string;
}

const EMPTY: Draft = {
  kind: 'multi_pickup',
  status: 'draft',
  name: '',
  nameEn: '',
  description: '',
  descriptionEn: '',
  category: '',
  imageUrl: '',
  items: [{ templateId: '', quantity: '1' }],
  priceMode: 'cash',
  priceCash: '',
  pricePoints: '',
  listPrice: '',
  stock: '',
  perMemberLimit: '',
  saleStartsAt: '',
  saleEndsAt: '',
  audience: 'all',
  tierIds: [],
  withinDays: '30',
  refundable: true,
  refundWindowDays: '',
  refundUnitValue: '',
  guaranteeType: 'bank_trust',
  guaranteeReference: '',
  guaranteeNote: '',
};

const str = (n: number | null) => (n === null ? '' : String(n));

function draftOf(p: TConsoleProduct, timeZone: string): Draft {
  return {
    kind: p.kind,
    status: p.status,
    name: p.name,
    nameEn: p.nameEn ?? '',
    description: p.description,
    descriptionEn: p.descriptionEn ?? '',
    category: p.category,
    imageUrl: p.imageUrl ?? '',
    items: p.items.map((i) => ({ templateId: String(i.templateId), quantity: String(i.quantity) })),
    priceMode: p.priceMode,
    priceCash: p.priceCash ? String(p.priceCash) : '',
    pricePoints: p.pricePoints ? String(p.pricePoints) : '',
    listPrice: str(p.listPrice),
    stock: str(p.stock),
    perMemberLimit: str(p.perMemberLimit),
    saleStartsAt: p.saleStartsAt ? isoToLocalInput(p.saleStartsAt, timeZone) : '',
    saleEndsAt: p.saleEndsAt ? isoToLocalInput(p.saleEndsAt, timeZone) : '',
    audience: p.audience.type,
    tierIds: p.audience.type === 'tiers' ? p.audience.tierIds : [],
    withinDays: p.audience.type === 'new_members' ? String(p.audience.withinDays) : '30',
    refundable: p.refundable,
    refundWindowDays: str(p.refundWindowDays),
    refundUnitValue: str(p.refundUnitValue),
    guaranteeType: p.guarantee.type,
    guaranteeReference: p.guarantee.reference ?? '',
    guaranteeNote: p.guarantee.note ?? '',
  };
}

type Errors = Partial<Record<string, string>>;

const WHOLE = /^\d+$/;

/** The draft as the API takes it, or the fields that are wrong (checked here first, then by the server). */
function inputOf(d: Draft, timeZone: string, t: TFunction): { input: TProductInput } | { errors: Errors } {
  const errors: Errors = {};
  const optionalInt = (key: keyof Draft, min = 0): number | null => {
    const raw = String(d[key]).trim();
    if (!raw) return null;
    if (!WHOLE.test(raw) || Number(raw) < min) {
      errors[key] = min > 0 ? t('mallC.editor.positive') : t('mallC.editor.whole');
      return null;
    }
    return Number(raw);
  };
  if (!d.name.trim()) errors.name = t('mallC.editor.required');
  if (d.imageUrl.trim() && !/^https:\/\/\S+$/.test(d.imageUrl.trim())) errors.imageUrl = t('mallC.editor.imageInvalid');
  const items = d.items.filter((i) => i.templateId).map((i) => ({ templateId: Number(i.templateId), quantity: WHOLE.test(i.quantity) && Number(i.quantity) > 0 ? Number(i.quantity) : 1 }));
  if (items.length === 0) errors.items = t('mallC.editor.itemsEmpty');
  const needsCash = d.priceMode !== 'points';
  const needsPoints = d.priceMode !== 'cash';
  const priceCash = needsCash ? optionalInt('priceCash', 1) : 0;
  const pricePoints = needsPoints ? optionalInt('pricePoints', 1) : 0;
  if (needsCash && priceCash === null) errors.priceCash ??= t('mallC.editor.required');
  if (needsPoints && pricePoints === null) errors.pricePoints ??= t('mallC.editor.required');
  const listPrice = optionalInt('listPrice');
  const stock = optionalInt('stock');
  const perMemberLimit = optionalInt('perMemberLimit', 1);
  const refundWindowDays = optionalInt('refundWindowDays');
  const refundUnitValue = optionalInt('refundUnitValue');
  const withinDays = d.audience === 'new_members' ? optionalInt('withinDays', 1) : null;
  if (d.audience === 'new_members' && withinDays === null) errors.withinDays ??= t('mallC.editor.required');
  if (d.audience === 'tiers' && d.tierIds.length === 0) errors.tierIds = t('mallC.editor.audienceTiersEmpty');
  const saleStartsAt = d.saleStartsAt ? localInputToIso(d.saleStartsAt, timeZone) : null;
  const saleEndsAt = d.saleEndsAt ? localInputToIso(d.saleEndsAt, timeZone) : null;
  if (saleStartsAt && saleEndsAt && Date.parse(saleEndsAt) <= Date.parse(saleStartsAt)) errors.saleEndsAt = t('mallC.editor.endBeforeStart');
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      kind: d.kind,
      status: d.status,
      name: d.name.trim(),
      nameEn: d.nameEn.trim() || null,
      description: d.description.trim(),
      descriptionEn: d.descriptionEn.trim() || null,
      category: d.category.trim(),
      imageUrl: d.imageUrl.trim() || null,
      priceMode: d.priceMode,
      priceCash: priceCash ?? 0,
      pricePoints: pricePoints ?? 0,
      listPrice,
      stock,
      perMemberLimit,
      saleStartsAt,
      saleEndsAt,
      audience: d.audience === 'tiers' ? { type: 'tiers', tierIds: d.tierIds } : d.audience === 'new_members' ? { type: 'new_members', withinDays: withinDays! } : { type: 'all' },
      refundable: d.refundable,
      refundWindowDays: d.refundable ? refundWindowDays : null,
      refundUnitValue: d.kind === 'multi_pickup' ? refundUnitValue : null,
      guarantee: { type: d.guaranteeType, reference: d.guaranteeReference.trim() || null, note: d.guaranteeNote.trim() || null },
      items: d.kind === 'bundle' ? items : items.slice(0, 1),
    },
  };
}

/** /console/mall/products/new and /console/mall/products/:id. */
export function ProductEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const productId = id && id !== 'new' ? Number(id) : null;
  const product = useConsoleProduct(productId);
  if (productId !== null && product.isError) return <ErrorState error={product.error} title={t('mallC.editor.loadFailed')} onRetry={() => void product.refetch()} />;
  if (productId !== null && !product.data) return <SkeletonStack blocks={[{ width: 120, height: 18 }, { width: 240, height: 30 }, { height: 320, radius: 14 }, { height: 240, radius: 14 }]} />;
  return <ProductEditor key={productId ?? 'new'} product={product.data ?? null} />;
}

function ProductEditor({ product }: { product: TConsoleProduct | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const time = useBrandTime();
  const lang = useLanguage();
  const templates = useOfferTemplates();
  const tiers = useConsoleTiers();
  const [draft, setDraft] = useState<Draft>(() => (product ? draftOf(product, time.timeZone) : EMPTY));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<TProductSaved | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  useEffect(() => {
    if (product) setDraft(draftOf(product, time.timeZone));
  }, [product, time.timeZone]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const save = useMutation({
    mutationFn: (input: TProductInput) => (product ? call('consoleUpdateProduct', { params: { id: product.id }, body: input }) : call('consoleCreateProduct', { body: input })),
    onSuccess: (result) => {
      setSaved(result);
      void refreshMall();
      if (!product) navigate(`/console/mall/products/${result.product.id}`, { replace: true, state: { created: result } });
    },
    onError: (error) => {
      if (isApiError(error) && error.field) {
        const field = error.field.split('.')[0]!;
        setErrors({ [field === 'guarantee' ? 'guaranteeReference' : field]: error.fieldMessage });
      }
      setFormError(errorMessage(error));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setFormError(null);
    const result = inputOf(draft, time.timeZone, t);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    save.mutate(result.input);
  };

  const createdState = (location.state as { created?: TProductSaved } | null)?.created;
  const shown = saved ?? (createdState && product && createdState.product.id === product.id ? createdState : null);
  const templateList = (templates.data?.items ?? []).filter((x) => x.status === 'active' || draft.items.some((i) => i.templateId === String(x.id)));
  const isBundle = draft.kind === 'bundle';
  const numberField = (key: keyof Draft, label: string, hint?: string) => (
    <Field label={label} hint={hint} value={String(draft[key])} inputMode="numeric" autoComplete="off" onChange={(e) => set(key, e.target.value as never)} error={errors[key]} data-field={key} />
  );

  return (
    <div className="stack">
      <BackLink to="/console/mall/products" label={t('mallC.editor.back')} />
      <PageHeader title={product ? `${t('mallC.editor.editTitle')}：${product.name}` : t('mallC.editor.newTitle')} />
      {shown ? (
        <Notice kind="success">{product && !saved ? t('mallC.editor.created') : t('mallC.editor.saved')}</Notice>
      ) : null}
      {shown?.warnings.map((w, i) => (
        <div key={`${w.code}-${i}`} className="notice soft--warn" role="alert" data-testid="product-warning">
          <Icon name="alert" size={18} />
          <span>
            <strong>{t('mallC.editor.expiryWarning')}：</strong>
            {pickLanguage(w.message, lang)}
          </span>
        </div>
      ))}
      {formError && !Object.values(errors).some(Boolean) ? <Notice kind="error">{formError}</Notice> : null}
      <form className="mallc-form stack" onSubmit={submit} noValidate aria-label={product ? t('mallC.editor.editTitle') : t('mallC.editor.newTitle')}>
        <section className="panel stack" aria-labelledby="mallc-basics">
          <h2 id="mallc-basics">{t('mallC.editor.sectionBasics')}</h2>
          <div className="form-grid">
            <Field label={t('mallC.editor.kind')} hint={t('mallC.editor.kindHint')}>
              {(control) => (
                <select {...control} className="field__input" value={draft.kind} onChange={(e) => set('kind', e.target.value as TProductKind)} data-field="kind">
                  {PRODUCT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`mallC.kind.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('mallC.editor.status')}>
              {(control) => (
                <select {...control} className="field__input" value={draft.status} onChange={(e) => set('status', e.target.value as Draft['status'])} data-field="status">
                  {(['draft', 'active', 'archived'] as const).map((s) => (
                    <option key={s} value={s}>
                      {t(`mallC.productStatus.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('mallC.editor.name')} value={draft.name} maxLength={80} autoComplete="off" onChange={(e) => set('name', e.target.value)} error={errors.name} data-field="name" />
            <Field label={t('mallC.editor.nameEn')} value={draft.nameEn} maxLength={120} autoComplete="off" onChange={(e) => set('nameEn', e.target.value)} error={errors.nameEn} lang="en" />
          </div>
          <Field label={t('mallC.editor.description')} error={errors.description}>
            {(control) => <textarea {...control} className="field__input" rows={4} maxLength={4000} value={draft.description} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          <Field label={t('mallC.editor.descriptionEn')} error={errors.descriptionEn}>
            {(control) => <textarea {...control} className="field__input" rows={3} maxLength={6000} lang="en" value={draft.descriptionEn} onChange={(e) => set('descriptionEn', e.target.value)} />}
          </Field>
          <div className="form-grid">
            <Field label={t('mallC.editor.category')} hint={t('mallC.editor.categoryHint')} value={draft.category} maxLength={40} autoComplete="off" onChange={(e) => set('category', e.target.value)} error={errors.category} />
            <Field label={t('mallC.editor.imageUrl')} hint={t('mallC.editor.imageUrlHint')} type="url" value={draft.imageUrl} autoComplete="off" onChange={(e) => set('imageUrl', e.target.value)} error={errors.imageUrl} data-field="imageUrl" />
          </div>
        </section>

        <section className="panel stack" aria-labelledby="mallc-issues">
          <h2 id="mallc-issues">{t('mallC.editor.sectionIssues')}</h2>
          {isBundle ? <p className="field__hint">{t('mallC.editor.bundleHint')}</p> : null}
          {(isBundle ? draft.items : draft.items.slice(0, 1)).map((item, i) => (
            <div key={i} className="mallc-item-row">
              <Field label={t('mallC.editor.template')} className="mallc-item-row__template">
                {(control) => (
                  <select
                    {...control}
                    className="field__input"
                    value={item.templateId}
                    data-field={`items.${i}.templateId`}
                    onChange={(e) => set('items', draft.items.map((x, j) => (j === i ? { ...x, templateId: e.target.value } : x)))}
                  >
                    <option value="">{t('mallC.editor.templatePick')}</option>
                    {templateList.map((tpl) => (
                      <option key={tpl.id} value={String(tpl.id)}>
                        {tpl.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('mallC.editor.quantity')} className="mallc-item-row__qty" inputMode="numeric" value={item.quantity} onChange={(e) => set('items', draft.items.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x)))} />
              {isBundle && draft.items.length > 1 ? (
                <button type="button" className="btn btn--ghost btn--small" aria-label={t('mallC.editor.removeItemLabel', { n: i + 1 })} onClick={() => set('items', draft.items.filter((_, j) => j !== i))}>
                  <Icon name="x" size={16} />
                  {t('mallC.editor.removeItem')}
                </button>
              ) : null}
            </div>
          ))}
          {errors.items ? (
            <p className="field__error" role="alert">
              {errors.items}
            </p>
          ) : null}
          {isBundle ? (
            <button type="button" className="btn btn--secondary btn--small mallc-add" onClick={() => set('items', [...draft.items, { templateId: '', quantity: '1' }])}>
              <Icon name="plus" size={16} />
              {t('mallC.editor.addItem')}
            </button>
          ) : null}
        </section>

        <section className="panel stack" aria-labelledby="mallc-price">
          <h2 id="mallc-price">{t('mallC.editor.sectionPrice')}</h2>
          <fieldset className="mallc-radios">
            <legend className="field__label">{t('mallC.editor.priceMode')}</legend>
            {(['cash', 'points', 'points_cash'] as const).map((mode) => (
              <label key={mode} className="check-row">
                <input type="radio" name="priceMode" value={mode} checked={draft.priceMode === mode} onChange={() => set('priceMode', mode)} />
                <span>{t(`mallC.priceMode.${mode}`)}</span>
              </label>
            ))}
          </fieldset>
          <div className="form-grid">
            {draft.priceMode !== 'points' ? numberField('priceCash', t('mallC.editor.priceCash')) : null}
            {draft.priceMode !== 'cash' ? numberField('pricePoints', t('mallC.editor.pricePoints')) : null}
            {numberField('listPrice', t('mallC.editor.listPrice'), t('mallC.editor.listPriceHint'))}
            {numberField('stock', t('mallC.editor.stock'), t('mallC.editor.stockHint'))}
            {numberField('perMemberLimit', t('mallC.editor.perMemberLimit'), t('mallC.editor.perMemberLimitHint'))}
          </div>
        </section>

        <section className="panel stack" aria-labelledby="mallc-sale">
          <h2 id="mallc-sale">{t('mallC.editor.sectionSale')}</h2>
          <div className="form-grid">
            <Field type="datetime-local" label={t('mallC.editor.saleStartsAt')} hint={t('mallC.editor.saleHint')} value={draft.saleStartsAt} onChange={(e) => set('saleStartsAt', e.target.value)} error={errors.saleStartsAt} />
            <Field type="datetime-local" label={t('mallC.editor.saleEndsAt')} hint={t('mallC.editor.saleHint')} value={draft.saleEndsAt} onChange={(e) => set('saleEndsAt', e.target.value)} error={errors.saleEndsAt} />
          </div>
          <fieldset className="mallc-radios">
            <legend className="field__label">{t('mallC.editor.audience')}</legend>
            {(['all', 'tiers', 'new_members'] as const).map((a) => (
              <label key={a} className="check-row">
                <input type="radio" name="audience" value={a} checked={draft.audience === a} onChange={() => set('audience', a)} />
                <span>{t(a === 'all' ? 'mallC.editor.audienceAll' : a === 'tiers' ? 'mallC.editor.audienceTiers' : 'mallC.editor.audienceNew')}</span>
              </label>
            ))}
          </fieldset>
          {draft.audience === 'tiers' ? (
            <fieldset className="mallc-radios">
              <legend className="visually-hidden">{t('mallC.editor.audienceTiers')}</legend>
              {(tiers.data?.tiers ?? []).map((tier) => (
                <label key={tier.id} className="check-row">
                  <input type="checkbox" checked={draft.tierIds.includes(tier.id)} onChange={(e) => set('tierIds', e.target.checked ? [...draft.tierIds, tier.id] : draft.tierIds.filter((x) => x !== tier.id))} />
                  <span>{tier.name}</span>
                </label>
              ))}
              {errors.tierIds ? (
                <p className="field__error" role="alert">
                  {errors.tierIds}
                </p>
              ) : null}
            </fieldset>
          ) : null}
          {draft.audience === 'new_members' ? numberField('withinDays', t('mallC.editor.audienceNewDays')) : null}
        </section>

        <section className="panel stack" aria-labelledby="mallc-refund">
          <h2 id="mallc-refund">{t('mallC.editor.sectionRefund')}</h2>
          <label className="check-row">
            <input type="checkbox" checked={draft.refundable} onChange={(e) => set('refundable', e.target.checked)} data-field="refundable" />
            <span>
              {t('mallC.editor.refundable')}
              <small className="mallc-sub">{t('mallC.editor.refundableHint')}</small>
            </span>
          </label>
          <div className="form-grid">
            {draft.refundable ? numberField('refundWindowDays', t('mallC.editor.refundWindowDays'), t('mallC.editor.refundWindowHint')) : null}
            {draft.refundable && draft.kind === 'multi_pickup' ? numberField('refundUnitValue', t('mallC.editor.refundUnitValue'), t('mallC.editor.refundUnitValueHint')) : null}
          </div>
          <fieldset className="mallc-radios">
            <legend className="field__label">{t('mallC.editor.guarantee')}</legend>
            {(['bank_trust', 'bank_guarantee', 'none'] as const).map((g) => (
              <label key={g} className="check-row">
                <input type="radio" name="guarantee" value={g} checked={draft.guaranteeType === g} onChange={() => set('guaranteeType', g)} />
                <span>{t(g === 'bank_trust' ? 'mallC.editor.guaranteeBank' : g === 'bank_guarantee' ? 'mallC.editor.guaranteeGuarantee' : 'mallC.editor.guaranteeNone')}</span>
              </label>
            ))}
          </fieldset>
          <p className="field__hint">{t('mallC.editor.guaranteeHint')}</p>
          {draft.guaranteeType !== 'none' ? (
            <div className="form-grid">
              <Field label={t('mallC.editor.guaranteeReference')} value={draft.guaranteeReference} maxLength={200} autoComplete="off" onChange={(e) => set('guaranteeReference', e.target.value)} error={errors.guaranteeReference} />
              <Field label={t('mallC.editor.guaranteeNote')} value={draft.guaranteeNote} maxLength={1000} autoComplete="off" onChange={(e) => set('guaranteeNote', e.target.value)} />
            </div>
          ) : null}
        </section>

        <FormActions busy={save.isPending} cancelTo="/console/mall/products" cancelLabel={t('mallC.editor.cancel')} submitLabel={t('mallC.editor.save')} busyLabel={t('mallC.editor.saving')} />
      </form>
    </div>
  );
}
