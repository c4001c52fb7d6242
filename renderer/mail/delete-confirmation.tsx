import { useEffect, useRef } from 'react';

/** Deleting from Trash cannot be undone: ask first, with Cancel as the default. */
export function DeleteConfirmation({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);

  return (
    <div
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="confirm-delete-title"
      aria-describedby="confirm-delete-text"
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <h2 id="confirm-delete-title">Delete forever?</h2>
      <p id="confirm-delete-text">
        This message is in Trash. Deleting it here removes it for good; it cannot be undone.
      </p>
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm}>
          Delete forever
        </button>
        <button ref={cancel} type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
