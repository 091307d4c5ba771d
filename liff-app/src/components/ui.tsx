import { useEffect, useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.ts';
import { currentLanguage, setLanguage } from '../i18n/index.ts';
import { Icon, type IconName } from './Icon.tsx';

export function Skeleton({ width = '100%', height = 16, radius = 8, className }: { width?: number | string; height?: number | string; radius?: number; className?: string }) {
  return <span className={`skeleton ${className ?? ''}`} style={{ width, height, borderRadius: radius }} aria-hidden="true" />;
}

/** A loading block that screen readers announce once. */
export function LoadingBlock({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="loading-block">
      <span className="visually-hidden">{t('common.loading')}</span>
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  return (
    <div className="error-state" role="alert">
      <Icon name="alert" size={28} />
      {title ? <p className="error-state__title">{title}</p> : null}
      <p className="error-state__message">{errorMessage(error)}</p>
      {onRetry ? (
        <button type="button" className="btn btn--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ icon, title, body, action }: { icon: IconName; title: string; body?: string; action?: ReactNode }) {
  const titleId = useId();
  return (
    <section className="empty-state" aria-labelledby={titleId}>
      <div className="empty-state__art" aria-hidden="true">
        <Icon name={icon} size={40} />
      </div>
      <h2 id={titleId} className="empty-state__title">
        {title}
      </h2>
      {body ? <p className="empty-state__body">{body}</p> : null}
      {action}
    </section>
  );
}

export function LangSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const isEnglish = (i18n.resolvedLanguage ?? currentLanguage()) === 'en';
  return (
    <button
      type="button"
      className={`lang-switch ${className ?? ''}`}
      onClick={() => void setLanguage(isEnglish ? 'zh-TW' : 'en')}
      aria-label={t('common.switchLanguageLabel')}
      lang={isEnglish ? 'zh-Hant-TW' : 'en'}
    >
      <Icon name="globe" size={18} />
      <span>{isEnglish ? t('common.switchToChinese') : t('common.switchToEnglish')}</span>
    </button>
  );
}

export function Avatar({ name, pictureUrl, size = 48, alt }: { name: string; pictureUrl: string | null; size?: number; alt?: string }) {
  if (pictureUrl) return <img className="avatar" src={pictureUrl} alt={alt ?? ''} width={size} height={size} style={{ width: size, height: size }} />;
  const initial = Array.from(name.trim())[0] ?? '?';
  return (
    <span className="avatar avatar--initial" style={{ width: size, height: size, fontSize: size * 0.42 }} role={alt ? 'img' : undefined} aria-label={alt} aria-hidden={alt ? undefined : true}>
      {initial.toUpperCase()}
    </span>
  );
}

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
  error?: string | undefined;
}

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field({ label, hint, error, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field ${error ? 'field--invalid' : ''} ${className ?? ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {error ? (
        <p id={errorId} className="field__error" role="alert">
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

export function Notice({ kind, children }: { kind: 'success' | 'error' | 'info'; children: ReactNode }) {
  return (
    <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <Icon name={kind === 'success' ? 'check' : kind === 'error' ? 'alert' : 'alert'} size={18} />
      <span>{children}</span>
    </div>
  );
}

/** Keeps the tab / LIFF title in step with the area and the language. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
}
