import { Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { IconButton } from '../ui/icon-button';

/**
 * "Discard draft" as a trash icon away from Send, asking first: like "Delete forever?", it deletes
 * what cannot be brought back, here and in the server's Drafts folder.
 */
export function DiscardDraftButton({ disabled, onDiscard }: { disabled: boolean; onDiscard: () => void }) {
  const [asking, setAsking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // Focus goes back to the button, where Escape still reaches the composer.
  const cancel = () => {
    setAsking(false);
    setTimeout(() => button.current?.focus(), 0);
  };
  return (
    <>
      <IconButton
        ref={button}
        label="Discard draft"
        icon={Trash2}
        className="discard-draft"
        disabled={disabled}
        onClick={() => setAsking(true)}
      />
      {asking && (
        // Escape answers the question only; it must not reach the composer, which Escape closes.
        <span onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()}>
          <ConfirmDialog
            title="Discard this draft?"
            actions={[
              {
                label: 'Discard',
                tone: 'danger',
                onSelect: () => {
                  setAsking(false);
                  onDiscard();
                },
              },
            ]}
            onCancel={cancel}
          >
            <p>It is deleted from this computer and from the Drafts folder on the server. This cannot be undone.</p>
          </ConfirmDialog>
        </span>
      )}
    </>
  );
}
