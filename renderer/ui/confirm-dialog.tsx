import * as AlertDialog from '@radix-ui/react-alert-dialog';
import type { ReactNode } from 'react';
import './confirm-dialog.css';

export interface ConfirmAction {
  label: string;
  /** `danger` for what cannot be taken back. */
  tone?: 'primary' | 'danger';
  onSelect: () => void;
}

/**
 * A question that must be answered before going on: a modal alert dialog over a dimmed backdrop,
 * focus kept inside, Cancel focused first and taken by Escape.
 */
export function ConfirmDialog({
  title,
  children,
  actions,
  cancelLabel = 'Cancel',
  onCancel,
}: {
  title: string;
  /** What will happen, in words: the dialog's description. */
  children: ReactNode;
  actions: ConfirmAction[];
  cancelLabel?: string;
  onCancel: () => void;
}) {
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-backdrop" />
        <AlertDialog.Content className="confirm-dialog">
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="confirm-dialog-text">{children}</div>
          </AlertDialog.Description>
          <div className="actions">
            {actions.map((action) => (
              // Plain buttons: Radix's Action would also close the dialog, which reads as Cancel here.
              <button
                key={action.label}
                type="button"
                className={action.tone === 'danger' ? 'danger' : undefined}
                onClick={action.onSelect}
              >
                {action.label}
              </button>
            ))}
            <AlertDialog.Cancel className="secondary">{cancelLabel}</AlertDialog.Cancel>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
