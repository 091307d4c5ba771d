import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon.tsx';

/** A whole-number input with an optional unit before (NT$) or after (%, 天). */
export function NumberInput({
  value,
  onChange,
  before,
  after,
  field,
  placeholder,
  maxLength = 9,
  ...aria
}: {
  value: string;
  onChange: (value: string) => void;
  before?: string;
  after?: ReactNode;
  field: string;
  placeholder?: string;
  maxLength?: number;
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}) {
  return (
    <div className="cpn-affix">
      {before ? (
        <span className="cpn-affix__unit" aria-hidden="true">
          {before}
        </span>
      ) : null}
      <input
        {...aria}
        data-field={field}
        className="field__input cpn-affix__input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={maxLength}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/[^\d]/g, ''))}
      />
      {after ? <span className="cpn-affix__unit cpn-affix__unit--after">{after}</span> : null}
    </div>
  );
}

/** Free-form tags (SKUs, categories): Enter, comma or leaving the field adds one; × removes it. */
export function TagInput({
  values,
  onChange,
  placeholder,
  field,
  upperCase = false,
  removeLabel,
  ...aria
}: {
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  field: string;
  upperCase?: boolean;
  removeLabel: (tag: string) => string;
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}) {
  const [text, setText] = useState('');
  const commit = (raw: string) => {
    const added = raw
      .split(/[,，\n]/)
      .map((s) => (upperCase ? s.trim().toUpperCase() : s.trim()))
      .filter((s) => s && !values.includes(s));
    if (added.length) onChange([...values, ...new Set(added)]);
    setText('');
  };
  return (
    <div className={`cpn-tags ${aria['aria-invalid'] ? 'cpn-tags--invalid' : ''}`}>
      {values.map((tag) => (
        <span key={tag} className="cpn-tag">
          <span>{tag}</span>
          <button type="button" className="cpn-tag__remove" aria-label={removeLabel(tag)} onClick={() => onChange(values.filter((v) => v !== tag))}>
            <Icon name="x" size={14} />
          </button>
        </span>
      ))}
      <input
        {...aria}
        data-field={field}
        className="cpn-tags__input"
        value={text}
        placeholder={values.length ? undefined : placeholder}
        autoComplete="off"
        onChange={(e) => {
          const value = e.target.value;
          if (/[,，]/.test(value)) commit(value);
          else setText(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(text);
          } else if (e.key === 'Backspace' && text === '' && values.length) {
            onChange(values.slice(0, -1));
          }
        }}
        onBlur={() => commit(text)}
        onPaste={(e) => {
          const pasted = e.clipboardData.getData('text');
          if (/[,，\n]/.test(pasted)) {
            e.preventDefault();
            commit(text + pasted);
          }
        }}
      />
    </div>
  );
}

/** A group of radio buttons drawn as a segmented control. */
export function Segmented<V extends string>({
  label,
  value,
  options,
  onChange,
  field,
  disabled,
}: {
  label: string;
  value: V;
  options: { value: V; label: ReactNode; hint?: string }[];
  onChange: (value: V) => void;
  field?: string;
  disabled?: boolean;
}) {
  const name = useId();
  return (
    <div className="cpn-segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <label key={option.value} className={`cpn-segmented__option ${value === option.value ? 'is-checked' : ''}`}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={disabled}
            data-field={value === option.value ? field : undefined}
            onChange={() => onChange(option.value)}
          />
          <span className="cpn-segmented__label">{option.label}</span>
          {option.hint ? <small>{option.hint}</small> : null}
        </label>
      ))}
    </div>
  );
}

export function StockBar({ issued, total }: { issued: number; total: number | null }) {
  const { t } = useTranslation();
  const ratio = total ? Math.min(1, issued / total) : 0;
  return (
    <div className="cpn-stock">
      <span className="cpn-stock__text">
        {total === null ? t('cpn.list.stockUnlimited', { issued: issued.toLocaleString('en-US') }) : t('cpn.list.stockOf', { issued: issued.toLocaleString('en-US'), total: total.toLocaleString('en-US') })}
      </span>
      {total !== null ? (
        <span
          className={`cpn-stock__bar ${ratio >= 1 ? 'cpn-stock__bar--full' : ratio >= 0.8 ? 'cpn-stock__bar--low' : ''}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={issued}
          aria-label={t('cpn.list.stockLabel')}
        >
          <span style={{ width: `${Math.max(ratio * 100, issued > 0 ? 2 : 0)}%` }} />
        </span>
      ) : null}
    </div>
  );
}
