import { useRef, useState, type ReactNode } from 'react';
import { Field } from '../../components/Field.tsx';
import { useTranslation } from 'react-i18next';
import { countMobiles, offerIds, useBundles, useOfferTemplates, type OfferValue } from './api.ts';

/**
 * One select for "a coupon template or a bundle": templates and bundles in two groups, the
 * chosen one's summary underneath.
 */
export function OfferPicker({ value, onChange, error, field = 'templateId', label, hint, allowNone }: { value: OfferValue; onChange: (value: OfferValue) => void; error?: string | undefined; field?: string; label?: string; hint?: string; allowNone?: boolean }) {
  const { t } = useTranslation();
  const templates = useOfferTemplates();
  const bundles = useBundles();
  const activeTemplates = (templates.data?.items ?? []).filter((x) => x.status === 'active');
  const activeBundles = (bundles.data?.items ?? []).filter((x) => x.status === 'active');
  const chosen = offerIds(value);
  const template = chosen.templateId ? templates.data?.items.find((x) => x.id === chosen.templateId) : undefined;
  const bundle = chosen.bundleId ? bundles.data?.items.find((x) => x.id === chosen.bundleId) : undefined;
  const loading = templates.isPending || bundles.isPending;
  const empty = !loading && activeTemplates.length === 0 && activeBundles.length === 0;
  const shownHint = hint ?? t('camp.offer.hint');
  return (
    <Field label={label ?? t('camp.offer.label')} hint={empty ? t('camp.offer.none') : shownHint} error={error}>
      {(control) => (
        <>
          <select {...control} data-field={field} className="field__input" value={value} onChange={(e) => onChange(e.target.value)} disabled={loading}>
            <option value="">{loading ? t('camp.offer.loading') : allowNone ? '—' : t('camp.offer.placeholder')}</option>
            {activeTemplates.length > 0 ? (
              <optgroup label={t('camp.offer.templates')}>
                {activeTemplates.map((x) => (
                  <option key={x.id} value={`t:${x.id}`}>
                    {x.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {activeBundles.length > 0 ? (
              <optgroup label={t('camp.offer.bundles')}>
                {activeBundles.map((x) => (
                  <option key={x.id} value={`b:${x.id}`}>
                    {`${t('camp.offer.bundleTag')}・${x.name}`}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          {template ? (
            <div className="camp-offer-preview soft--muted">
              <span className="camp-swatch" style={{ background: template.color }} aria-hidden="true" />
              <span>{template.summary}</span>
            </div>
          ) : bundle ? (
            <div className="camp-offer-preview soft--muted">
              <span className="camp-swatch camp-swatch--bundle" aria-hidden="true" />
              <span>{bundle.items.map((item) => `${item.name}${item.quantity > 1 ? ` ×${item.quantity}` : ''}`).join('、')}</span>
            </div>
          ) : null}
        </>
      )}
    </Field>
  );
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A textarea of mobile numbers, or an uploaded .txt / .csv that fills it. */
export function MobileListField({ value, onChange, error, field = 'mobiles' }: { value: string; onChange: (value: string) => void; error?: string | undefined; field?: string }) {
  const { t } = useTranslation();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const count = countMobiles(value);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    if (file.size > MAX_FILE_BYTES) {
      setFileError(t('camp.mobiles.fileTooBig'));
      return;
    }
    const text = await file.text();
    onChange(text);
    setFileNote(t('camp.mobiles.fileLoaded', { name: file.name, count: countMobiles(text).toLocaleString() }));
    if (fileRef.current) fileRef.current.value = '';
  };

  const shownError = error ?? fileError ?? undefined;
  return (
    <Field label={t('camp.mobiles.label')} hint={t('camp.mobiles.hint')} error={shownError} className="camp-mobiles">
      {(control) => (
        <>
          <textarea
            {...control}
            data-field={field}
            className="field__input camp-textarea mono"
            rows={6}
            value={value}
            placeholder={t('camp.mobiles.placeholder')}
            spellCheck={false}
            onChange={(e) => {
              setFileNote(null);
              onChange(e.target.value);
            }}
          />
          <div className="camp-mobiles__bar">
            <button type="button" className="btn btn--secondary btn--small" onClick={() => fileRef.current?.click()}>
              {t('camp.mobiles.upload')}
            </button>
            <input ref={fileRef} type="file" className="visually-hidden" tabIndex={-1} aria-label={t('camp.mobiles.upload')} accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} />
            {value ? (
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => {
                  setFileNote(null);
                  onChange('');
                }}
              >
                {t('camp.mobiles.clear')}
              </button>
            ) : null}
            <span className="muted camp-mobiles__count" aria-live="polite">
              {fileNote ?? (count > 0 ? t('camp.mobiles.count', { count: count.toLocaleString() }) : t('camp.mobiles.countNone'))}
            </span>
          </div>
        </>
      )}
    </Field>
  );
}

/** A progress bar people and screen readers can read. */
export function ProgressBar({ value, max, label, tone = 'green', text }: { value: number; max: number; label: string; tone?: 'green' | 'grey' | 'red' | 'amber'; text?: string }) {
  const percent = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className={`camp-progress camp-progress--${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-valuetext={text}>
      <span className="camp-progress__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** One card of ChoiceCards: its value, name and hint, and what it asks for once chosen. */
export const choice = <V extends string>(value: V, label: string, hint: string, extra?: ReactNode) => ({ value, label, hint, extra });

/** A list of radio "cards" for one choice (mode, audience). */
export function ChoiceCards<V extends string>({ name, legend, hideLegend, value, options, onChange }: { name: string; legend: string; hideLegend?: boolean; value: V; options: { value: V; label: string; hint: string; extra?: ReactNode }[]; onChange: (value: V) => void }) {
  return (
    <fieldset className="camp-choices" data-field={name}>
      <legend className={hideLegend ? 'visually-hidden' : 'field__label'}>{legend}</legend>
      {options.map((option) => (
        <div key={option.value} className={`camp-choice ${value === option.value ? 'is-checked' : ''}`}>
          <label className="camp-choice__label">
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
            <span>
              <strong>{option.label}</strong>
              <small>{option.hint}</small>
            </span>
          </label>
          {value === option.value && option.extra ? <div className="camp-choice__extra">{option.extra}</div> : null}
        </div>
      ))}
    </fieldset>
  );
}
