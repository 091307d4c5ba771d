import { useEffect, useId, useRef, type ButtonHTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
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

/** Nothing to show yet: an icon, what is missing, and what to do about it (`link`: the primary way on). */
export function EmptyState({ icon, title, body, action, link }: { icon: IconName; title: string; body?: string; action?: ReactNode; link?: { to: string; label: string } }) {
  const titleId = useId();
  return (
    <section className="empty-state" aria-labelledby={titleId}>
      <div className="empty-state__art icon-tile" aria-hidden="true">
        <Icon name={icon} size={40} />
      </div>
      <h2 id={titleId} className="empty-state__title">
        {title}
      </h2>
      {body ? <p className="empty-state__body">{body}</p> : null}
      {link ? (
        <Link to={link.to} className="btn btn--primary">
          {link.label}
        </Link>
      ) : null}
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
    >
      <Icon name="globe" size={18} />
      {/* The visible word starts the accessible name (WCAG 2.5.3, label in name); the hint follows unseen. */}
      <span lang={isEnglish ? 'zh-Hant-TW' : 'en'}>{isEnglish ? t('common.switchToChinese') : t('common.switchToEnglish')}</span>
      <span className="visually-hidden">{` · ${t('common.switchLanguageLabel')}`}</span>
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

const NOTICE_TONE = { success: 'green', error: 'danger', info: 'info' } as const;

export function Notice({ kind, children }: { kind: 'success' | 'error' | 'info'; children: ReactNode }) {
  return (
    <div className={`notice soft--${NOTICE_TONE[kind]}`} role={kind === 'error' ? 'alert' : 'status'}>
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

/** Skeleton blocks stacked while a page loads, announced once (`width` defaults to the full line). */
export function SkeletonStack({ blocks }: { blocks: readonly { width?: number | string; height: number; radius?: number }[] }) {
  return (
    <LoadingBlock>
      <div className="stack">
        {blocks.map((block, i) => (
          <Skeleton key={i} {...block} />
        ))}
      </div>
    </LoadingBlock>
  );
}

/**
 * A row of tabs (role=tablist): the selected one in the tab order, the arrow keys move between
 * them. `ids` names each tab's element and the panel they control.
 */
export function TabList<K extends string>({
  label,
  tabs,
  value,
  onSelect,
  ids,
  className,
  tabClassName,
  tabProps,
  children,
}: {
  label: string;
  tabs: readonly K[];
  value: K;
  onSelect: (key: K) => void;
  ids: { tab: (key: K) => string; panel: string };
  className: string;
  tabClassName: string;
  tabProps?: (key: K) => ButtonHTMLAttributes<HTMLButtonElement>;
  children: (key: K) => ReactNode;
}) {
  const refs = useRef<Partial<Record<K, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? tabs.length - 1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(tabs.indexOf(value) + step) % tabs.length]!;
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((key) => (
        <button
          key={key}
          ref={(el) => {
            refs.current[key] = el;
          }}
          type="button"
          role="tab"
          id={ids.tab(key)}
          aria-selected={key === value}
          aria-controls={ids.panel}
          tabIndex={key === value ? 0 : -1}
          className={tabClassName}
          onClick={() => onSelect(key)}
          {...tabProps?.(key)}
        >
          {children(key)}
        </button>
      ))}
    </div>
  );
}

/**
 * The buttons at the foot of a form: cancel (a button, or a link with `cancelTo`) and submit,
 * which reads `busyLabel` and is disabled while the request runs.
 */
export function FormActions({
  busy,
  cancelLabel,
  onCancel,
  cancelTo,
  submitLabel,
  busyLabel,
  className = 'form-actions',
  small = false,
  danger = false,
}: {
  busy: boolean;
  cancelLabel: string;
  onCancel?: () => void;
  cancelTo?: string;
  submitLabel: string;
  busyLabel: string;
  className?: string;
  small?: boolean;
  danger?: boolean;
}) {
  const size = small ? ' btn--small' : '';
  return (
    <div className={className}>
      {cancelTo ? (
        <Link to={cancelTo} className={`btn btn--secondary${size}`}>
          {cancelLabel}
        </Link>
      ) : (
        <button type="button" className={`btn ${small ? 'btn--ghost' : 'btn--secondary'}${size}`} onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </button>
      )}
      <button type="submit" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}${size}`} disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}

/** An on/off setting drawn as a switch, with its name and a hint. */
export function SwitchRow({ checked, onChange, title, hint, role }: { checked: boolean; onChange: (checked: boolean) => void; title: string; hint: string; role?: 'switch' }) {
  return (
    <label className="switch-row">
      <input type="checkbox" role={role} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch" aria-hidden="true" />
      <span>
        <strong>{title}</strong>
        <small>{hint}</small>
      </span>
    </label>
  );
}

/** One fact of a definition list: label, value, and a class for the value (monospace ids). */
export type Fact = readonly [label: ReactNode, value: ReactNode, valueClass?: string];

/** Facts as a definition list, each a <div><dt/><dd/></div>; null and false rows are left out. */
export function Facts({ className, rows }: { className: string; rows: readonly (Fact | null | false)[] }) {
  return (
    <dl className={className}>
      {rows.map((row, i) =>
        row ? (
          <div key={i}>
            <dt>{row[0]}</dt>
            <dd className={row[2]}>{row[1]}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
