import type { TFunction } from 'i18next';
import { useEffect, useId, useState, type FormEvent, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { Link } from 'react-router';
import { Field } from '../components/Field.tsx';
import { Icon } from '../components/Icon.tsx';
import { errorMessage } from '../api/client.ts';
import { Avatar, ErrorState, FormActions, Notice } from '../components/ui.tsx';
import { shortDay } from '../lib/dates.ts';
import { TableSkeleton } from './shared.tsx';

/**
 * The console's page kit: a list table that also says why there is no list (loading, failed,
 * empty), the create and back links, the confirm row, dialogs with a form. A new page is mostly
 * these plus its own rows; their look is in console.css.
 */

/** The primary "+ Create …" of a list page (page header and empty state): a button, or a link with `to`. */
export function CreateButton({ label, onClick, to }: { label: string; onClick?: () => void; to?: string }) {
  const content = (
    <>
      <Icon name="plus" size={18} />
      {label}
    </>
  );
  return to ? (
    <Link to={to} className="btn btn--primary">
      {content}
    </Link>
  ) : (
    <button type="button" className="btn btn--primary" onClick={onClick}>
      {content}
    </button>
  );
}

/** ‹ Back to the list. */
export function BackLink({ to, label, onClick }: { to: string; label: string; onClick?: (event: MouseEvent<HTMLAnchorElement>) => void }) {
  return (
    <Link to={to} className="link back-link" onClick={onClick}>
      <Icon name="chevronLeft" size={18} />
      {label}
    </Link>
  );
}

/** A member in a table cell: picture, name (a link with `to`) and LINE display name under it. */
export function Person({ member, to, linkLabel }: { member: { name: string | null; displayName: string; pictureUrl: string | null }; to?: string; linkLabel?: string }) {
  const name = member.name ?? member.displayName;
  return (
    <span className="person">
      <Avatar name={name} pictureUrl={member.pictureUrl} size={36} />
      <span>
        {to ? (
          <Link to={to} className="person__link" aria-label={linkLabel} onClick={(e) => e.stopPropagation()}>
            {name}
          </Link>
        ) : (
          <strong>{name}</strong>
        )}
        <small>{member.displayName}</small>
      </span>
    </span>
  );
}

/** A column header: its label; with a class (a number column); or the hidden label over row actions. */
export type Column = string | { label: string; className?: string } | { actions: string };

function HeaderCell({ column }: { column: Column }) {
  if (typeof column === 'string') return <th scope="col">{column}</th>;
  if ('actions' in column) {
    return (
      <th scope="col">
        <span className="visually-hidden">{column.actions}</span>
      </th>
    );
  }
  return (
    <th scope="col" className={column.className}>
      {column.label}
    </th>
  );
}

interface TableProps {
  className: string;
  /** Names the table for screen readers (a hidden caption). */
  caption: string;
  /** The header row, one spec a column; null ones are left out (a column shown only sometimes). */
  columns: readonly (Column | null)[];
  pending: boolean;
  skeletonRows?: number;
  testId?: string;
  /** Dims the rows while newer ones load (a filter changed). */
  stale?: boolean;
  children: ReactNode;
}

/** A list table in a panel: hidden caption, header row, skeleton rows while it loads. */
export function DataTable({ className, caption, columns, pending, skeletonRows = 5, testId, stale = false, children }: TableProps) {
  const specs = columns.filter((c): c is Column => c !== null);
  return (
    <div className={`panel panel--table ${stale ? 'panel--stale' : ''}`}>
      <table className={className} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {specs.map((column, i) => (
              <HeaderCell key={i} column={column} />
            ))}
          </tr>
        </thead>
        {pending ? <TableSkeleton columns={specs.length} rows={skeletonRows} /> : <tbody>{children}</tbody>}
      </table>
    </div>
  );
}

interface ListQuery {
  isError: boolean;
  isPending: boolean;
  error: unknown;
  data: unknown;
  refetch: () => unknown;
}

/**
 * A query's list as a table, or why there is none: the error with a retry, `empty` once it has
 * loaded with nothing to show, skeleton rows while it loads.
 */
export function ListTable({ query, isEmpty, empty, className = 'table', ...table }: Omit<TableProps, 'pending' | 'className'> & { query: ListQuery; isEmpty: boolean; empty: ReactNode; className?: string }) {
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data !== undefined && isEmpty) return <>{empty}</>;
  return <DataTable {...table} className={className} pending={query.isPending} />;
}

/**
 * A list's row actions: the row that asks "are you sure?" (ConfirmToggle, ConfirmRow) and the
 * notice the last action left; `done` and `failed` end an action either way.
 */
export function useRowActions() {
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  return {
    confirming,
    message,
    setMessage,
    toggle: (id: number) => {
      setMessage(null);
      setConfirming((open) => (open === id ? null : id));
    },
    cancel: () => setConfirming(null),
    done: (text: string) => {
      setConfirming(null);
      setMessage({ kind: 'success', text });
    },
    failed: (error: unknown) => setMessage({ kind: 'error', text: errorMessage(error) }),
  };
}

/** A row's destructive action (archive, revoke): it opens the ConfirmRow under the row, or closes it again. */
export function ConfirmToggle({ label, open, onToggle, className }: { label: string; open: boolean; onToggle: () => void; className: string }) {
  return (
    <button type="button" className={`btn btn--ghost btn--small ${className}`} aria-expanded={open} onClick={onToggle}>
      {label}
    </button>
  );
}

/** The "are you sure?" row under a table row, before a destructive action; `end` keeps it to the right. */
export function ConfirmRow({ colSpan, text, labels, busy, onCancel, onConfirm, align = 'spread' }: { colSpan: number; text: string; labels: readonly [cancel: string, confirm: string]; busy: boolean; onCancel: () => void; onConfirm: () => void; align?: 'spread' | 'end' }) {
  const [cancelLabel, confirmLabel] = labels;
  return (
    <tr className={`confirm-row confirm-row--${align}`}>
      <td colSpan={colSpan}>
        <div className="confirm-row__bar" role="group" aria-label={text}>
          <Icon name="alert" size={18} />
          <span>{text}</span>
          <span className="confirm-row__buttons">
            <button type="button" className="btn btn--ghost btn--small" onClick={onCancel}>
              {cancelLabel}
            </button>
            <button type="button" className="btn btn--danger btn--small" disabled={busy} onClick={onConfirm}>
              {confirmLabel}
            </button>
          </span>
        </div>
      </td>
    </tr>
  );
}

/** A modal <dialog> opened on mount; Esc is ignored while `busy` (the request's answer would be lost). */
interface DialogProps {
  dialogRef: RefObject<HTMLDialogElement | null>;
  size?: 'narrow' | 'normal' | 'wide';
  busy: boolean;
  onClose: () => void;
  children: ReactNode;
}

export function ModalDialog({ dialogRef, size = 'normal', titleId, busy, onClose, children }: DialogProps & { titleId: string }) {
  useEffect(() => {
    const dialog = dialogRef.current;
    // No close() on cleanup: StrictMode's rehearsal unmount would fire `close` and end the dialog.
    if (dialog && !dialog.open) dialog.showModal();
  }, [dialogRef]);
  return (
    <dialog
      ref={dialogRef}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        if (busy) event.preventDefault();
      }}
      onClose={onClose}
    >
      {children}
    </dialog>
  );
}

/**
 * A dialog that is one form: title, the error that names no field, the fields, and the
 * cancel / submit buttons. `labels` are [title, cancel, submit, submitting].
 */
export function FormDialog({ dialogRef, size, busy, error, labels, onSubmit, onClose, children }: DialogProps & { error: string | null; labels: readonly [string, string, string, string]; onSubmit: (event: FormEvent) => void }) {
  const titleId = useId();
  const [title, cancel, submit, submitting] = labels;
  return (
    <ModalDialog dialogRef={dialogRef} size={size} titleId={titleId} busy={busy} onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <h2 id={titleId}>{title}</h2>
        {error ? <Notice kind="error">{error}</Notice> : null}
        {children}
        <FormActions busy={busy} onCancel={() => dialogRef.current?.close()} cancelLabel={cancel} submitLabel={submit} busyLabel={submitting} />
      </form>
    </ModalDialog>
  );
}

/** The required name of something created in a dialog (a bundle, a bulk job, an API key), up to 60 characters. */
export function nameProblem(name: string, t: TFunction): string | undefined {
  if (!name.trim()) return t('form.required');
  if ([...name.trim()].length > 60) return t('form.tooLong', { max: 60 });
  return undefined;
}

/** The name field of such a dialog, focused when it opens. */
export function NameField({ label, hint, value, error, onChange }: { label: string; hint: string; value: string; error: string | undefined; onChange: (value: string) => void }) {
  return <Field label={label} hint={hint} value={value} onChange={(e) => onChange(e.target.value)} error={error} autoFocus maxLength={80} autoComplete="off" data-field="name" />;
}

export type Tone = 'green' | 'info' | 'amber' | 'violet' | 'danger' | 'grey';

/** A figure with its label, on a card with a coloured top edge; the figure (or its skeleton) is the children. */
export function StatCard({ tone, label, hint, compact = false, children }: { tone: Tone; label: string; hint?: ReactNode; compact?: boolean; children: ReactNode }) {
  return (
    <div className={`stat-card tone--${tone} ${compact ? 'stat-card--compact' : ''}`}>
      <span className="stat-card__label">{label}</span>
      {children}
      {hint !== undefined ? <span className="stat-card__hint">{hint}</span> : null}
    </div>
  );
}

/** A chart's figures as a table for screen readers (the chart itself is aria-hidden): a row a day. */
export function ChartTable<R extends { day: string }>({ caption, dayLabel, columns, rows }: { caption: string; dayLabel: string; columns: readonly ({ key: keyof R & string; label: string } | null)[]; rows: readonly R[] }) {
  const shown = columns.filter((c) => c !== null);
  return (
    <table className="visually-hidden">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{dayLabel}</th>
          {shown.map((c) => (
            <th key={c.key} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.day}>
            <th scope="row">{shortDay(row.day)}</th>
            {shown.map((c) => (
              <td key={c.key}>{row[c.key] as ReactNode}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
