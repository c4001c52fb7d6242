import { useEffect } from 'react';

export const UNDO_SECONDS = 10;

export interface Toast {
  text: string;
  /** Set when the action can still be undone. */
  onUndo: (() => void) | null;
}

/** A short notice after an action, with Undo for a while; it goes away by itself. */
export function UndoToast({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onDismiss, UNDO_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);

  return (
    <div className="toast-area" role="status">
      {toast && (
        <div className="toast">
          <span>{toast.text}</span>
          {toast.onUndo && (
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                toast.onUndo?.();
                onDismiss();
              }}
            >
              Undo
            </button>
          )}
          <button type="button" className="secondary small" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
