import { useMutation } from '@tanstack/react-query';
import { EnglishVersion } from '../english/EnglishVersion.tsx';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CODE_SPACE_FACTOR, codeSpace, generateCode, validatePattern } from '../../../../shared/coupons/codes.ts';
import { zheText } from '../../../../shared/coupons/summary.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient, useConfig, useContract } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { Notice } from '../../components/ui.tsx';
import { useStores } from '../shared.tsx';
import { bigNumber, couponKeys, refreshCoupons, type TCouponTemplateView } from './api.ts';
import { useLanguage } from '../../i18n/index.ts';
import { NumberInput, Segmented, TagInput } from './controls.tsx';
import { CharCount, Field } from '../../components/Field.tsx';
import { WEEK_ORDER, weekdayName } from '../../lib/dates.ts';
import { CouponPreview } from './CouponPreview.tsx';
import { checkDraft, draftFromView, fieldKey, firstErrorKey, patternOf, toInput, type Draft, type Errors } from './draft.ts';
import { useUnsavedWarning } from '../../lib/useUnsavedWarning.ts';
import { LockedChip } from './TemplatesPage.tsx';
import { GiftTemplateSettings } from '../transfers/GiftTemplateSettings.tsx';

const HEX = /^#[0-9A-Fa-f]{6}$/;
const SWATCHES = ['#06C755', '#F08A00', '#C9A227', '#E5487A', '#8B5E3C', '#2E90FA', '#7A5AF8', '#111827'];
const randomIndex = (n: number) => Math.floor(Math.random() * n);

/**
 * Create or edit a coupon template, beside a live card preview. Once coupons were issued the
 * rules are locked: their fieldsets are disabled and only name, terms, image, colour, stock and
 * the per-member limit can change.
 */
export function TemplateForm({
  view,
  initial,
  onSaved,
  onLockedNow,
}: {
  view?: TCouponTemplateView;
  initial: Draft;
  onSaved: (saved: TCouponTemplateView) => void;
  /** Coupons were issued while this was open: the page says so (the form starts over, locked). */
  onLockedNow?: (text: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const timeZone = config?.timezone ?? 'Asia/Taipei';
  const stores = useStores();
  const contract = useContract();
  const schema = contract.data?.api.consoleCreateCouponTemplate.input;
  const locked = view?.isLocked ?? false;

  const [baseline, setBaseline] = useState(initial);
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [attempted, setAttempted] = useState(false);
  /** `check`: a verdict on the fields, which goes away once they are fixed. */
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string; check?: boolean } | null>(null);
  const [codeSeed, setCodeSeed] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const input = useMemo(() => toInput(draft, timeZone, view), [draft, timeZone, view]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline);
  const check = (d: Draft) => checkDraft(d, toInput(d, timeZone, view), { schema, lang, locked, issued: view?.issuedCount ?? 0, t });

  // After the first attempt, problems follow every edit (and the language switch).
  useEffect(() => {
    if (!attempted) return;
    const found = check(draft);
    const count = Object.keys(found).length;
    setErrors(found);
    setMessage((m) => (m?.check ? (count ? { ...m, text: t('cpn.form.fixErrors', { count }) } : null) : m));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft, lang, attempted, schema]);

  useUnsavedWarning(dirty);

  useEffect(() => {
    if (message?.kind !== 'success') return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const focusField = (key: string | undefined) =>
    requestAnimationFrame(() => {
      const form = formRef.current;
      if (!form) return;
      const target = (key ? form.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"]:not(:disabled)`) : null) ?? form.querySelector<HTMLElement>('[aria-invalid="true"]:not(:disabled)');
      if (target) {
        target.focus();
        target.scrollIntoView({ block: 'center' });
      } else {
        form.querySelector<HTMLElement>('.cpn-actionbar .notice')?.scrollIntoView({ block: 'center' });
      }
    });

  const save = useMutation({
    mutationFn: () =>
      view ? call('consoleUpdateCouponTemplate', { params: { id: view.id }, body: input }) : call('consoleCreateCouponTemplate', { body: input }),
    onMutate: () => setMessage(null),
    onSuccess: (saved) => {
      queryClient.setQueryData(couponKeys.template(saved.id, lang), saved);
      void refreshCoupons();
      const next = draftFromView(saved, timeZone);
      setBaseline(next);
      setDraft(next);
      setErrors({});
      setAttempted(false);
      if (view) setMessage({ kind: 'success', text: t('cpn.form.saved', { name: saved.name }) });
      onSaved(saved);
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'TEMPLATE_LOCKED') {
        const text = t('cpn.form.lockedNow', { message: error.message });
        if (onLockedNow) onLockedNow(text);
        else setMessage({ kind: 'error', text });
        void refreshCoupons();
        return;
      }
      if (isApiError(error) && error.field) {
        const key = fieldKey(error.field);
        setErrors({ [key]: error.fieldMessage });
        setMessage({ kind: 'error', text: t('cpn.form.refused', { message: error.fieldMessage }), check: true });
        focusField(key);
        return;
      }
      setMessage({ kind: 'error', text: errorMessage(error) });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const found = check(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage({ kind: 'error', text: t('cpn.form.fixErrors', { count: Object.keys(found).length }), check: true });
      focusField(firstErrorKey(found));
      return;
    }
    save.mutate();
  };

  // ── the live code-space check ──────────────────────────────────────────────────────
  const pattern = patternOf(draft);
  const lengthOk = Number.isInteger(pattern.length) && pattern.length >= 4 && pattern.length <= 24;
  const patternProblems = draft.codeMode === 'pattern' ? validatePattern(pattern, input.totalStock ?? null) : [];
  const spaceProblem = patternProblems.find((p) => p.field === 'codePattern.length' && lengthOk);
  const patternKey = JSON.stringify(pattern);
  const exampleCode = useMemo(
    () => (draft.codeMode === 'pattern' && lengthOk && !patternProblems.some((p) => p.field !== 'codePattern.length') ? generateCode(pattern, randomIndex) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [patternKey, codeSeed, draft.codeMode],
  );
  const stock = typeof input.totalStock === 'number' && Number.isFinite(input.totalStock) ? input.totalStock : null;
  const needed = (stock ?? 100_000) * CODE_SPACE_FACTOR;

  const storeList = stores.data?.items ?? [];
  const storeName = (id: number) => storeList.find((s) => s.id === id)?.name ?? `#${id}`;
  const err = (key: string) => errors[key];
  const percent = Number(draft.percentOff);
  const errorCount = Object.keys(errors).length;
  const busy = save.isPending;

  return (
    <form ref={formRef} className="cpn-editor" onSubmit={onSubmit} noValidate aria-label={view ? t('cpn.form.editLabel', { name: view.name }) : t('cpn.form.newLabel')}>
      <div className="cpn-editor__form">
        {locked && view ? (
          <div className="cpn-lock" role="note">
            <Icon name="lock" size={22} />
            <div>
              <strong>{t('cpn.form.lockedTitle')}</strong>
              <p>{t('cpn.form.lockedBody', { count: view.issuedCount })}</p>
              <Link className="btn btn--secondary btn--small cpn-lock__action" to={`/console/coupons/new?from=${view.id}`}>
                <Icon name="copy" size={16} />
                {t('cpn.form.copyAsNew')}
              </Link>
            </div>
          </div>
        ) : null}

        <Section title={t('cpn.form.basics')}>
          <Field announce={false} label={t('cpn.form.name')} error={err('name')} labelAside={<CharCount value={draft.name} max={60} />}>
            {(a) => <input {...a} data-field="name" className="field__input" value={draft.name} maxLength={80} placeholder={t('cpn.form.namePlaceholder')} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field announce={false} label={t('cpn.form.terms')} hint={t('cpn.form.termsHint')} error={err('terms')} labelAside={<CharCount value={draft.terms} max={2000} />}>
            {(a) => <textarea {...a} data-field="terms" className="field__input cpn-textarea" rows={3} value={draft.terms} onChange={(e) => set('terms', e.target.value)} />}
          </Field>
          <EnglishVersion filled={Boolean(view?.nameEn || view?.termsEn)}>
            <Field announce={false} label={t('enVer.name')} error={err('nameEn')} labelAside={<CharCount value={draft.nameEn} max={60} />}>
              {(a) => <input {...a} data-field="nameEn" className="field__input" value={draft.nameEn} maxLength={80} placeholder="Afternoon tea 10% off" onChange={(e) => set('nameEn', e.target.value)} />}
            </Field>
            <Field announce={false} label={t('enVer.terms')} error={err('termsEn')} labelAside={<CharCount value={draft.termsEn} max={2000} />}>
              {(a) => <textarea {...a} data-field="termsEn" className="field__input cpn-textarea" rows={3} value={draft.termsEn} onChange={(e) => set('termsEn', e.target.value)} />}
            </Field>
          </EnglishVersion>
          <div className="cpn-row">
            <Field announce={false} label={t('cpn.form.imageUrl')} hint={t('cpn.form.imageUrlHint')} error={err('imageUrl')} className="cpn-grow">
              {(a) => <input {...a} data-field="imageUrl" className="field__input" inputMode="url" placeholder="https://" value={draft.imageUrl} onChange={(e) => set('imageUrl', e.target.value)} />}
            </Field>
          </div>
          <Field announce={false} label={t('cpn.form.color')} error={err('color')}>
            {(a) => (
              <div className="cpn-color">
                <input type="color" className="color-picker" aria-label={t('cpn.form.colorPick')} value={HEX.test(draft.color) ? draft.color.toLowerCase() : '#06c755'} onChange={(e) => set('color', e.target.value.toUpperCase())} />
                <input {...a} data-field="color" className="field__input cpn-color__hex" value={draft.color} maxLength={7} spellCheck={false} onChange={(e) => set('color', e.target.value)} />
                <span className="cpn-swatches" role="group" aria-label={t('cpn.form.colorPresets')}>
                  {SWATCHES.map((c) => (
                    <button key={c} type="button" className="cpn-swatch" style={{ background: c }} aria-label={c} aria-pressed={draft.color.toUpperCase() === c} onClick={() => set('color', c)} />
                  ))}
                </span>
              </div>
            )}
          </Field>
        </Section>

        <fieldset className="cpn-fieldset" disabled={locked}>
          <Section title={t('cpn.form.offer')} locked={locked}>
            <Segmented
              label={t('cpn.form.kind')}
              field="kind"
              value={draft.kind}
              onChange={(kind) => set('kind', kind)}
              options={[
                { value: 'amount_off', label: t('cpn.form.kindAmount'), hint: t('cpn.form.kindAmountHint') },
                { value: 'percent_off', label: t('cpn.form.kindPercent'), hint: t('cpn.form.kindPercentHint') },
                { value: 'exchange', label: t('cpn.form.kindExchange'), hint: t('cpn.form.kindExchangeHint') },
              ]}
            />
            {draft.kind === 'amount_off' ? (
              <div className="cpn-row">
                <Field announce={false} label={t('cpn.form.amountOff')} error={err('amountOff')} className="cpn-narrow">
                  {(a) => <NumberInput {...a} field="amountOff" before="NT$" value={draft.amountOff} onChange={(v) => set('amountOff', v)} placeholder="100" />}
                </Field>
              </div>
            ) : null}
            {draft.kind === 'percent_off' ? (
              <div className="cpn-row">
                <Field announce={false} label={t('cpn.form.percentOff')} error={err('percentOff')} className="cpn-w-160">
                  {(a) => (
                    <NumberInput
                      {...a}
                      field="percentOff"
                      maxLength={2}
                      value={draft.percentOff}
                      onChange={(v) => set('percentOff', v)}
                      placeholder="20"
                      after={
                        <>
                          % <span className="visually-hidden">{t('cpn.form.percentUnit')}</span>
                        </>
                      }
                    />
                  )}
                </Field>
                <div className="cpn-zhe" aria-live="polite">
                  {percent >= 1 && percent <= 99 ? (
                    <>
                      <strong>{zheText(percent)}</strong>
                      <span>{t('cpn.form.zheHint', { pay: 100 - percent })}</span>
                    </>
                  ) : (
                    <span className="muted">{t('cpn.form.zheEmpty')}</span>
                  )}
                </div>
                <Field announce={false} label={t('cpn.form.maxDiscount')} hint={t('cpn.form.maxDiscountHint')} error={err('maxDiscount')} className="cpn-w-200">
                  {(a) => <NumberInput {...a} field="maxDiscount" before="NT$" value={draft.maxDiscount} onChange={(v) => set('maxDiscount', v)} placeholder={t('cpn.form.noCap')} />}
                </Field>
              </div>
            ) : null}
            {draft.kind === 'exchange' ? (
              <div className="cpn-row">
                <Field announce={false} label={t('cpn.form.exchangeName')} error={err('exchangeItem.name')} className="cpn-grow">
                  {(a) => <input {...a} data-field="exchangeItem.name" className="field__input" maxLength={60} placeholder={t('cpn.form.exchangeNamePlaceholder')} value={draft.exchangeName} onChange={(e) => set('exchangeName', e.target.value)} />}
                </Field>
                <Field announce={false} label={t('cpn.form.exchangeSku')} hint={t('cpn.form.exchangeSkuHint')} error={err('exchangeItem.sku')} className="cpn-w-220">
                  {(a) => <input {...a} data-field="exchangeItem.sku" className="field__input mono-input" maxLength={60} placeholder="LATTE-L" value={draft.exchangeSku} onChange={(e) => set('exchangeSku', e.target.value)} />}
                </Field>
              </div>
            ) : null}
          </Section>

          <Section title={t('cpn.form.conditions')} locked={locked}>
            <div className="cpn-group">
              <span className="field__label">{t('cpn.form.scope')}</span>
              <Segmented
                label={t('cpn.form.scope')}
                value={draft.scopeType}
                onChange={(v) => set('scopeType', v)}
                options={[
                  { value: 'order', label: t('cpn.form.scopeOrder') },
                  { value: 'items', label: t('cpn.form.scopeItems') },
                ]}
              />
              {draft.scopeType === 'items' ? (
                <div className="cpn-row">
                  <Field announce={false} label={t('cpn.form.skus')} hint={t('cpn.form.tagsHint')} error={err('scope')} className="cpn-grow">
                    {(a) => <TagInput {...a} field="scope" upperCase values={draft.skus} onChange={(v) => set('skus', v)} placeholder={t('cpn.form.skusPlaceholder')} removeLabel={(tag) => t('cpn.form.removeTag', { tag })} />}
                  </Field>
                  <Field announce={false} label={t('cpn.form.categories')} hint={t('cpn.form.tagsHint')} className="cpn-grow">
                    {(a) => <TagInput {...a} field="scope.categories" values={draft.categories} onChange={(v) => set('categories', v)} placeholder={t('cpn.form.categoriesPlaceholder')} removeLabel={(tag) => t('cpn.form.removeTag', { tag })} />}
                  </Field>
                </div>
              ) : null}
            </div>
            <div className="cpn-row">
              <Field announce={false} label={t('cpn.form.minSpend')} hint={t('cpn.form.minSpendHint')} error={err('minSpend')} className="cpn-narrow">
                {(a) => <NumberInput {...a} field="minSpend" before="NT$" value={draft.minSpend} onChange={(v) => set('minSpend', v)} placeholder="0" />}
              </Field>
            </div>
            <div className="cpn-group">
              <span className="field__label">{t('cpn.form.stores')}</span>
              <Segmented
                label={t('cpn.form.stores')}
                value={draft.storesMode}
                onChange={(v) => set('storesMode', v)}
                options={[
                  { value: 'all', label: t('cpn.form.storesAll') },
                  { value: 'some', label: t('cpn.form.storesSome') },
                ]}
              />
              {draft.storesMode === 'some' ? (
                <fieldset className={`cpn-checks ${err('storeIds') ? 'cpn-checks--invalid' : ''}`} aria-describedby={err('storeIds') ? 'cpn-stores-error' : undefined}>
                  <legend className="visually-hidden">{t('cpn.form.storesSome')}</legend>
                  {stores.isPending ? <span className="muted">{t('common.loading')}</span> : null}
                  {stores.isError ? <span className="field__error">{errorMessage(stores.error)}</span> : null}
                  {stores.data?.items.length === 0 ? <span className="muted">{t('cpn.form.noStores')}</span> : null}
                  {storeList.map((store, i) => (
                    <label key={store.id} className="cpn-check">
                      <input
                        type="checkbox"
                        data-field={i === 0 ? 'storeIds' : undefined}
                        aria-invalid={err('storeIds') ? true : undefined}
                        checked={draft.storeIds.includes(store.id)}
                        onChange={(e) => set('storeIds', e.target.checked ? [...draft.storeIds, store.id] : draft.storeIds.filter((id) => id !== store.id))}
                      />
                      <span>
                        {store.name}
                        {!store.isActive ? <small className="muted"> {t('cpn.form.storeInactive')}</small> : null}
                      </span>
                    </label>
                  ))}
                  {err('storeIds') ? (
                    <p id="cpn-stores-error" className="field__error">
                      {err('storeIds')}
                    </p>
                  ) : null}
                </fieldset>
              ) : null}
            </div>
            <div className="cpn-group">
              <span className="field__label" id="cpn-weekdays-label">
                {t('cpn.form.weekdays')}
              </span>
              <div className="cpn-days" role="group" aria-labelledby="cpn-weekdays-label" aria-describedby="cpn-weekdays-hint">
                {WEEK_ORDER.map((day, i) => {
                  const on = draft.weekdays.includes(day);
                  return (
                    <button
                      key={day}
                      type="button"
                      className="cpn-day"
                      aria-pressed={on}
                      data-field={i === 0 ? 'weekdays' : undefined}
                      onClick={() => set('weekdays', on ? draft.weekdays.filter((d) => d !== day) : [...draft.weekdays, day])}
                    >
                      {weekdayName(day, lang)}
                    </button>
                  );
                })}
                {draft.weekdays.length ? (
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => set('weekdays', [])}>
                    {t('cpn.form.everyDay')}
                  </button>
                ) : null}
              </div>
              <p id="cpn-weekdays-hint" className="field__hint">
                {draft.weekdays.length ? t('cpn.form.weekdaysSome') : t('cpn.form.weekdaysAll')}
              </p>
              {err('weekdays') ? <p className="field__error">{err('weekdays')}</p> : null}
            </div>
            <div className="cpn-group">
              <span className="field__label">{t('cpn.form.timeWindows')}</span>
              {draft.timeWindows.length === 0 ? <p className="field__hint">{t('cpn.form.allDay')}</p> : null}
              <ul className="cpn-windows">
                {draft.timeWindows.map((w, i) => {
                  const error = err(`timeWindows.${i}`);
                  const overnight = w.start && w.end && w.start > w.end;
                  const setWindow = (patch: Partial<{ start: string; end: string }>) => set('timeWindows', draft.timeWindows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                  return (
                    <li key={i} className={error ? 'field--invalid' : undefined}>
                      <div className="cpn-window">
                        <input
                          type="time"
                          className="field__input cpn-time"
                          data-field={`timeWindows.${i}`}
                          aria-label={t('cpn.form.windowStart', { n: i + 1 })}
                          aria-invalid={error ? true : undefined}
                          value={w.start}
                          onChange={(e) => setWindow({ start: e.target.value })}
                        />
                        <span aria-hidden="true">–</span>
                        <input
                          type="time"
                          className="field__input cpn-time"
                          aria-label={t('cpn.form.windowEnd', { n: i + 1 })}
                          aria-invalid={error ? true : undefined}
                          value={w.end}
                          onChange={(e) => setWindow({ end: e.target.value })}
                        />
                        {overnight ? <span className="chip">{t('cpn.form.overnight')}</span> : null}
                        <button
                          type="button"
                          className="btn btn--ghost btn--small cpn-icon-btn"
                          aria-label={t('cpn.form.removeWindow', { n: i + 1 })}
                          onClick={() => set('timeWindows', draft.timeWindows.filter((_, j) => j !== i))}
                        >
                          <Icon name="x" size={18} />
                        </button>
                      </div>
                      {error ? <p className="field__error">{error}</p> : null}
                    </li>
                  );
                })}
              </ul>
              {draft.timeWindows.length < 6 ? (
                <button type="button" className="btn btn--secondary btn--small cpn-add" onClick={() => set('timeWindows', [...draft.timeWindows, { start: '14:00', end: '17:00' }])}>
                  <Icon name="plus" size={16} />
                  {t('cpn.form.addWindow')}
                </button>
              ) : null}
            </div>
          </Section>

          <Section title={t('cpn.form.validityUses')} locked={locked}>
            <div className="cpn-group">
              <span className="field__label">{t('cpn.form.validity')}</span>
              <Segmented
                label={t('cpn.form.validity')}
                value={draft.validityType}
                onChange={(v) => set('validityType', v)}
                options={[
                  { value: 'relative', label: t('cpn.form.validityRelative') },
                  { value: 'fixed', label: t('cpn.form.validityFixed') },
                  { value: 'none', label: t('cpn.form.validityNone') },
                ]}
              />
              {draft.validityType === 'none' ? (
                <p className="field__hint">{t('cpn.form.validityNoneHint')}</p>
              ) : draft.validityType === 'relative' ? (
                <div className="cpn-row">
                  <Field announce={false} label={t('cpn.form.validDays')} hint={t('cpn.form.validDaysHint')} error={err('validity.days')} className="cpn-narrow">
                    {(a) => <NumberInput {...a} field="validity.days" maxLength={4} value={draft.validDays} onChange={(v) => set('validDays', v)} after={t('cpn.form.daysUnit')} />}
                  </Field>
                </div>
              ) : (
                <div className="cpn-row">
                  <Field announce={false} label={t('cpn.form.validFrom')} error={err('validity.from')} className="cpn-grow">
                    {(a) => <input {...a} data-field="validity.from" type="datetime-local" className="field__input" value={draft.validFrom} onChange={(e) => set('validFrom', e.target.value)} />}
                  </Field>
                  <Field announce={false} label={t('cpn.form.validUntil')} error={err('validity.until')} className="cpn-grow">
                    {(a) => <input {...a} data-field="validity.until" type="datetime-local" className="field__input" value={draft.validUntil} onChange={(e) => set('validUntil', e.target.value)} />}
                  </Field>
                  <p className="field__hint cpn-row__note">{t('cpn.form.brandTime', { zone: timeZone })}</p>
                </div>
              )}
            </div>
            <label className="switch-row">
              <input type="checkbox" data-field="pass" checked={draft.passEnabled} onChange={(e) => set('passEnabled', e.target.checked)} />
              <span className="switch" aria-hidden="true" />
              <span>
                <strong>{t('cpn.form.pass')}</strong>
                <small>{t('cpn.form.passHint')}</small>
              </span>
            </label>
            {draft.passEnabled ? (
              <div className="cpn-row">
                <Field announce={false} label={t('cpn.form.passDays')} error={err('pass')} className="cpn-narrow">
                  {(a) => <NumberInput {...a} field="pass" maxLength={3} value={draft.passDays} onChange={(v) => set('passDays', v)} after={t('cpn.form.daysUnit')} />}
                </Field>
                <Field announce={false} label={t('cpn.form.passPerDay')} className="cpn-narrow">
                  {(a) => <NumberInput {...a} field="passPerDay" maxLength={2} value={draft.passPerDay} onChange={(v) => set('passPerDay', v)} after={t('cpn.form.usesUnit')} />}
                </Field>
              </div>
            ) : (
              <div className="cpn-row">
                <Field announce={false} label={t('cpn.form.usesPerCoupon')} hint={t('cpn.form.usesPerCouponHint')} error={err('usesPerCoupon')} className="cpn-narrow">
                  {(a) => <NumberInput {...a} field="usesPerCoupon" maxLength={3} value={draft.usesPerCoupon} onChange={(v) => set('usesPerCoupon', v)} after={t('cpn.form.usesUnit')} />}
                </Field>
              </div>
            )}
            <Field announce={false} label={t('cpn.form.unit')} hint={t('cpn.form.unitHint')} className="cpn-narrow">
              {(a) => (
                <select {...a} data-field="unit" className="field__input" value={draft.unit} onChange={(e) => set('unit', e.target.value as Draft['unit'])}>
                  <option value="use">{t('cpn.form.unitUse')}</option>
                  <option value="cup">{t('cpn.form.unitCup')}</option>
                  <option value="serving">{t('cpn.form.unitServing')}</option>
                  <option value="item">{t('cpn.form.unitItem')}</option>
                </select>
              )}
            </Field>
            <p className="field__hint">{t('cpn.form.giftVoucherHint')}</p>
            <label className="switch-row">
              <input type="checkbox" data-field="transferable" checked={draft.transferable} onChange={(e) => set('transferable', e.target.checked)} />
              <span className="switch" aria-hidden="true" />
              <span>
                <strong>{t('cpn.form.transferable')}</strong>
                <small>{t('cpn.form.transferableHint')}</small>
              </span>
            </label>
            {draft.transferable ? <GiftTemplateSettings draft={draft} set={set} error={err} /> : null}
          </Section>
        </fieldset>

        <Section title={t('cpn.form.quantity')}>
          <div className="cpn-row">
            <Field announce={false} label={t('cpn.form.totalStock')} hint={view ? t('cpn.form.totalStockIssued', { count: view.issuedCount }) : t('cpn.form.totalStockHint')} error={err('totalStock')} className="cpn-grow">
              {(a) => <NumberInput {...a} field="totalStock" maxLength={8} value={draft.totalStock} onChange={(v) => set('totalStock', v)} placeholder={t('cpn.form.unlimited')} after={t('cpn.form.couponsUnit')} />}
            </Field>
            <Field announce={false} label={t('cpn.form.perMemberLimit')} hint={t('cpn.form.perMemberLimitHint')} error={err('perMemberLimit')} className="cpn-grow">
              {(a) => <NumberInput {...a} field="perMemberLimit" maxLength={4} value={draft.perMemberLimit} onChange={(v) => set('perMemberLimit', v)} placeholder={t('cpn.form.unlimited')} after={t('cpn.form.couponsUnit')} />}
            </Field>
          </div>
        </Section>

        <fieldset className="cpn-fieldset" disabled={locked}>
          <Section title={t('cpn.form.codes')} locked={locked}>
            <Segmented
              label={t('cpn.form.codeMode')}
              field="codeMode"
              value={draft.codeMode}
              onChange={(v) => set('codeMode', v)}
              options={[
                { value: 'pattern', label: t('cpn.form.codePattern'), hint: t('cpn.form.codePatternHint') },
                { value: 'imported', label: t('cpn.form.codeImported'), hint: t('cpn.form.codeImportedHint') },
              ]}
            />
            {draft.codeMode === 'pattern' ? (
              <>
                <div className="cpn-pattern">
                  <Field announce={false} label={t('cpn.form.prefix')} error={err('codePattern.prefix')}>
                    {(a) => <input {...a} data-field="codePattern.prefix" className="field__input mono-input" maxLength={12} spellCheck={false} placeholder="AA" value={draft.prefix} onChange={(e) => set('prefix', e.target.value.toUpperCase())} />}
                  </Field>
                  <Field announce={false} label={t('cpn.form.charset')}>
                    {(a) => (
                      <select {...a} data-field="codePattern.charset" className="field__input" value={draft.charset} onChange={(e) => set('charset', e.target.value as Draft['charset'])}>
                        <option value="digits">{t('cpn.form.charsetDigits')}</option>
                        <option value="alnum">{t('cpn.form.charsetAlnum')}</option>
                      </select>
                    )}
                  </Field>
                  <Field announce={false} label={t('cpn.form.length')} error={spaceProblem ? undefined : err('codePattern.length')}>
                    {(a) => (
                      <NumberInput
                        {...a}
                        aria-invalid={a['aria-invalid'] ?? (spaceProblem && !locked ? true : undefined)}
                        aria-describedby={[a['aria-describedby'], 'cpn-codespace'].filter(Boolean).join(' ')}
                        field="codePattern.length"
                        maxLength={2}
                        value={draft.length}
                        onChange={(v) => set('length', v)}
                        after={t('cpn.form.charsUnit')}
                      />
                    )}
                  </Field>
                  <Field announce={false} label={t('cpn.form.suffix')} error={err('codePattern.suffix')}>
                    {(a) => <input {...a} data-field="codePattern.suffix" className="field__input mono-input" maxLength={12} spellCheck={false} value={draft.suffix} onChange={(e) => set('suffix', e.target.value.toUpperCase())} />}
                  </Field>
                </div>
                {draft.charset === 'alnum' ? <p className="field__hint cpn-charset-note">{t('cpn.form.charsetNote')}</p> : null}
                <div className="cpn-example">
                  <span className="field__label">{t('cpn.form.example')}</span>
                  <code data-testid="example-code">{exampleCode ?? '—'}</code>
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => setCodeSeed((s) => s + 1)} disabled={!exampleCode}>
                    <Icon name="refresh" size={16} />
                    {t('cpn.form.anotherExample')}
                  </button>
                </div>
                <div id="cpn-codespace" className={`cpn-space soft--success ${spaceProblem ? 'cpn-space--bad' : ''}`} role={spaceProblem && attempted ? 'alert' : 'status'} data-testid="code-space">
                  {!lengthOk ? (
                    <span>{t('cpn.form.lengthRange')}</span>
                  ) : spaceProblem ? (
                    <>
                      <Icon name="alert" size={18} />
                      <span>{spaceProblem.message[lang]}</span>
                    </>
                  ) : (
                    <>
                      <Icon name="check" size={18} />
                      <span>
                        {stock === null
                          ? t('cpn.form.spaceOkUnlimited', { space: bigNumber(codeSpace(pattern)), needed: needed.toLocaleString('en-US') })
                          : t('cpn.form.spaceOk', { space: bigNumber(codeSpace(pattern)), stock: stock.toLocaleString('en-US'), needed: needed.toLocaleString('en-US') })}
                      </span>
                    </>
                  )}
                </div>
              </>
            ) : (
              <p className="cpn-note">{view ? t('cpn.form.importedAfterSaveEdit') : t('cpn.form.importedAfterSave')}</p>
            )}
          </Section>
        </fieldset>

        {/* Outside the locked rules: what the member's screen shows can change after issue. */}
        <Section title={t('cpn.form.counterCodes')}>
          <p className="field__hint">{t('cpn.form.counterCodesHint')}</p>
          <label className="switch-row">
            <input type="checkbox" data-field="showStaticCode" checked={draft.showStaticCode} onChange={(e) => set('showStaticCode', e.target.checked)} />
            <span className="switch" aria-hidden="true" />
            <span>
              <strong>{t('cpn.form.showStaticCode')}</strong>
              <small>{t('cpn.form.showStaticCodeHint')}</small>
            </span>
          </label>
        </Section>

        <div className="cpn-actionbar">
          {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
          <div className="cpn-actionbar__row">
            <span className="cpn-actionbar__state" aria-live="polite">
              {message?.kind === 'error' ? null : attempted && errorCount ? (
                <span className="cpn-state cpn-state--error">{t('cpn.form.problems', { count: errorCount })}</span>
              ) : dirty ? (
                <span className="cpn-state cpn-state--dirty">{t('cpn.form.unsaved')}</span>
              ) : view ? (
                <span className="cpn-state">{t('cpn.form.allSaved')}</span>
              ) : null}
            </span>
            <span className="cpn-actionbar__buttons">
              {view ? (
                <button type="button" className="btn btn--ghost" disabled={!dirty || busy} onClick={() => {
                  setDraft(baseline);
                  setErrors({});
                  setAttempted(false);
                  setMessage(null);
                }}>
                  {t('cpn.form.discard')}
                </button>
              ) : (
                <Link to="/console/coupons" className="btn btn--ghost">
                  {t('common.cancel')}
                </Link>
              )}
              <button type="submit" className="btn btn--primary" disabled={busy || (view !== undefined && !dirty)}>
                {busy ? t('common.saving') : view ? t('common.save') : t('cpn.form.create')}
              </button>
            </span>
          </div>
        </div>
      </div>

      <CouponPreview input={input} brandName={config?.brandName ?? ''} timeZone={timeZone} storeName={storeName} exampleCode={draft.codeMode === 'pattern' ? exampleCode : null} />
    </form>
  );
}

function Section({ title, locked, children }: { title: string; locked?: boolean; children: ReactNode }) {
  return (
    <section className="panel cpn-section">
      <div className="cpn-section__head">
        <h2>{title}</h2>
        {locked ? <LockedChip /> : null}
      </div>
      <div className="cpn-section__body">{children}</div>
    </section>
  );
}

