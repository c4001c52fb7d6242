import * as Dialog from '@radix-ui/react-dialog';
import { ShortcutsTable } from './shortcuts-table';
import '../ui/confirm-dialog.css';

/** The `?` help: every keyboard shortcut, in a modal dialog that Escape or Close ends. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-backdrop" />
        <Dialog.Content className="confirm-dialog shortcuts-help">
          <Dialog.Title>Keyboard shortcuts</Dialog.Title>
          <Dialog.Description>They work anywhere in the mail view except while you type.</Dialog.Description>
          <ShortcutsTable />
          <div className="actions">
            <Dialog.Close className="secondary">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
