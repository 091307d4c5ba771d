import { useEffect, type ReactNode, type RefObject } from 'react';
import { Icon } from '../components/Icon.tsx';
import { TableSkeleton } from './shared.tsx';

/** The primary "+ Create …" button of a list page (page header and empty state). */
export function CreateButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="btn btn--primary" onClick={onClick}>
      <Icon name="plus" size={18} />
      {label}
    </button>
  );
}

/** A list table in a panel: hidden caption, header row, skeleton rows while it loads. */
export function DataTable({
  className,
  caption,
  head,
  pending,
  columns,
  skeletonRows,
  testId,
  children,
}: {
  className: string;
  caption: string;
  head: ReactNode;
  pending: boolean;
  columns: number;
  skeletonRows: number;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="panel panel--table">
      <table className={className} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>{head}</tr>
        </thead>
        {pending ? <TableSkeleton columns={columns} rows={skeletonRows} /> : <tbody>{children}</tbody>}
      </table>
    </div>
  );
}

/** The last, unlabelled-looking header cell over a row's action buttons. */
export function ActionsHeader({ label }: { label: string }) {
  return (
    <th scope="col">
      <span className="visually-hidden">{label}</span>
    </th>
  );
}

/** The "are you sure?" row shown under a table row before a destructive action. */
export function ConfirmRow({
  prefix,
  colSpan,
  text,
  cancelLabel,
  confirmLabel,
  busy,
  onCancel,
  onConfirm,
}: {
  prefix: 'camp' | 'notif';
  colSpan: number;
  text: string;
  cancelLabel: string;
  confirmLabel: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <tr className={`${prefix}-confirm-row`}>
      <td colSpan={colSpan}>
        <div className={`${prefix}-confirm`} role="group" aria-label={text}>
          <Icon name="alert" size={18} />
          <span>{text}</span>
          <span className={`${prefix}-confirm__buttons`}>
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
export function ModalDialog({
  dialogRef,
  className,
  titleId,
  busy,
  onClose,
  children,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  className: string;
  titleId: string;
  busy: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  useEffect(() => {
    const dialog = dialogRef.current;
    // No close() on cleanup: StrictMode's rehearsal unmount would fire `close` and end the dialog.
    if (dialog && !dialog.open) dialog.showModal();
  }, [dialogRef]);
  return (
    <dialog
      ref={dialogRef}
      className={className}
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

/** Cancel (closes the dialog) and submit buttons at the foot of a dialog's form. */
export function DialogActions({ busy, onCancel, cancelLabel, submitLabel, submittingLabel }: { busy: boolean; onCancel: () => void; cancelLabel: string; submitLabel: string; submittingLabel: string }) {
  return (
    <div className="form-actions">
      <button type="button" className="btn btn--secondary" onClick={onCancel} disabled={busy}>
        {cancelLabel}
      </button>
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {busy ? submittingLabel : submitLabel}
      </button>
    </div>
  );
}
