import { ConfirmDialog } from '../ui/confirm-dialog';

/** Deleting from Trash cannot be undone: ask first, with Cancel as the default. */
export function DeleteConfirmation({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog
      title="Delete forever?"
      actions={[{ label: 'Delete forever', tone: 'danger', onSelect: onConfirm }]}
      onCancel={onCancel}
    >
      <p>This message is in Trash. Deleting it here removes it for good; it cannot be undone.</p>
    </ConfirmDialog>
  );
}
