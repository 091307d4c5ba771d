import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { issuesToFieldErrors, serverFieldError, type FieldErrors } from './forms.ts';

interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { code: string; path: PropertyKey[]; message: string }[] } };
}

/**
 * Form state validated with the server's own zod schema (so the client says what the server
 * would), then the server's verdict: a field error lands on its field, anything else on top.
 */
export function useForm<V extends Record<string, unknown>>(options: {
  initial: V;
  schema: Schema | undefined;
  /** Which values to validate and send (e.g. only changed fields). */
  toInput?: (values: V) => unknown;
  submit: (input: unknown) => Promise<unknown>;
}) {
  const { i18n } = useTranslation();
  const [values, setValues] = useState<V>(options.initial);
  const [errors, setErrors] = useState<FieldErrors<Extract<keyof V, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const fields = Object.keys(options.initial) as Extract<keyof V, string>[];
  const toInput = options.toInput ?? ((v: V) => v);

  const validate = useCallback(
    (next: V) => {
      if (!options.schema) return true;
      const result = options.schema.safeParse(toInput(next));
      setErrors(result.success ? {} : issuesToFieldErrors(result.error.issues));
      return result.success;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [options.schema],
  );

  // Messages follow the language switch.
  useEffect(() => {
    if (attempted) validate(values);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n.language]);

  const set = <K extends keyof V>(key: K, value: V[K]) => {
    const next = { ...values, [key]: value };
    setValues(next);
    if (attempted) validate(next);
  };

  const focusFirstInvalid = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setFormError(null);
    if (!validate(values)) {
      focusFirstInvalid();
      return;
    }
    setSubmitting(true);
    try {
      await options.submit(toInput(values));
    } catch (error) {
      const fieldError = isApiError(error) ? serverFieldError(error, fields) : null;
      if (fieldError) {
        setErrors(fieldError);
        focusFirstInvalid();
      } else {
        setFormError(isApiError(error) ? error.message : String((error as Error)?.message ?? error));
      }
    } finally {
      setSubmitting(false);
    }
  };

  /** A text field bound to the form: its name, value, changes and error, to spread on <Field>. */
  const field = <K extends Extract<keyof V, string>>(key: K) => ({
    name: key,
    value: String(values[key] ?? ''),
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key, event.target.value as V[K]),
    error: errors[key],
  });

  return { values, set, setValues, errors, formError, submitting, onSubmit, formRef, field };
}
