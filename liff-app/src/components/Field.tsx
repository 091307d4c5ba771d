import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

/** What a field gives its control: the id its label points at, and what describes it. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FrameProps {
  label: ReactNode;
  hint?: ReactNode;
  /** One message under the control. */
  error?: string | undefined;
  /** Several messages, as a list (a template field the preview found two problems in). */
  errors?: readonly string[] | undefined;
  /** Invalid without a message of its own (a counter over its limit). */
  invalid?: boolean;
  className?: string | undefined;
  /** Beside the label, on its line: a character counter, a lock. */
  labelAside?: ReactNode;
  /** Ids of other elements that describe the control (the counter beside the label). */
  describedBy?: string | undefined;
  /** An error is announced the moment it appears (role=alert); a long form showing many at once turns that off. */
  announce?: boolean;
  /** The label is for screen readers only (a field inside a table row). */
  hideLabel?: boolean;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children' | 'aria-invalid' | 'aria-describedby'> & { inputRef?: Ref<HTMLInputElement> };

export type FieldProps = FrameProps & ({ children: (control: ControlProps) => ReactNode } | (InputProps & { children?: undefined }));

/**
 * The one labelled field of the app and the console: label, control, error(s) and hint, tied
 * together for screen readers. Without children the control is a text input taking the input
 * props; with a function as children the field hands it the id and description to put on
 * whatever control it draws (a textarea, a select, a number with units, tags).
 */
export function Field(props: FieldProps) {
  const { label, hint, error, errors, invalid, className, labelAside, describedBy, announce = true, hideLabel = false, children, ...rest } = props;
  const { inputRef, ...input } = rest as InputProps;
  const id = useId();
  const messages = errors && errors.length > 0 ? errors : null;
  const errorId = error || messages ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const isInvalid = Boolean(error || messages || invalid);
  const control: ControlProps = {
    id,
    'aria-invalid': isInvalid ? true : undefined,
    'aria-describedby': [errorId, describedBy, hintId].filter(Boolean).join(' ') || undefined,
  };
  const labelEl = (
    <label className={hideLabel ? 'visually-hidden' : 'field__label'} htmlFor={id}>
      {label}
    </label>
  );
  return (
    <div className={`field ${isInvalid ? 'field--invalid' : ''} ${className ?? ''}`}>
      {labelAside ? (
        <div className="field__top">
          {labelEl}
          {labelAside}
        </div>
      ) : (
        labelEl
      )}
      {typeof children === 'function' ? children(control) : <input ref={inputRef} className="field__input" {...control} {...input} />}
      {messages ? (
        <ul id={errorId} className="field__errors">
          {messages.map((message) => (
            <li key={message} className="field__error">
              {message}
            </li>
          ))}
        </ul>
      ) : error ? (
        <p id={errorId} className="field__error" role={announce ? 'alert' : undefined}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** "12 / 60" beside a label, red past the limit; counts characters as people see them. */
export function CharCount({ value, max, id, label }: { value: string; max: number; id?: string; label?: string }) {
  const count = [...value].length;
  return (
    <span id={id} className={`field__count ${count > max ? 'field__count--over' : ''}`} aria-label={label}>
      {`${count} / ${max}`}
    </span>
  );
}
