import { useEffect, useState } from 'react';
import type { SendResult } from '../../shared/compose-models';

function secondsLeft(sendAt: number): number {
  return Math.max(0, Math.ceil((sendAt - Date.now()) / 1000));
}

/** "Sending in 5 s… Undo" until the undo delay is over; then it goes away by itself. */
export function SendToast({
  sending,
  note,
  onUndo,
  onDismiss,
}: {
  sending: SendResult | null;
  /** A short word after Undo was tried (for instance that it was too late). */
  note: string | null;
  onUndo: (sending: SendResult) => void;
  onDismiss: () => void;
}) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (!sending && !note) return;
    const timer = setInterval(() => {
      if (sending && secondsLeft(sending.sendAt) === 0) onDismiss();
      tick((n) => n + 1);
    }, 250);
    const noteTimer = note ? setTimeout(onDismiss, 5000) : undefined;
    return () => {
      clearInterval(timer);
      clearTimeout(noteTimer);
    };
  }, [sending, note, onDismiss]);

  return (
    <div className="toast-area send-toast" role="status">
      {(sending || note) && (
        <div className="toast">
          {sending ? <span>Sending in {secondsLeft(sending.sendAt)} s…</span> : <span>{note}</span>}
          {sending && (
            <button type="button" className="secondary small" onClick={() => onUndo(sending)}>
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
