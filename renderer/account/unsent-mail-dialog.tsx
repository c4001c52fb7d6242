import { useEffect, useRef } from 'react';
import { describeUnsent, type UnsentChoice, type UnsentMail } from '../../shared/models';

/**
 * Before an account leaves this computer with mail that exists only here: save it to a file
 * (an mbox other mail programs open), discard it, or stay. Cancel is the default.
 */
export function UnsentMailDialog({
  email,
  unsent,
  leaving,
  onChoose,
  onCancel,
}: {
  email: string;
  unsent: UnsentMail;
  /** What the account is about to do, for the buttons: "sign out" or "remove". */
  leaving: string;
  onChoose: (choice: UnsentChoice) => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const one = unsent.outbox + unsent.drafts === 1;
  useEffect(() => cancel.current?.focus(), []);

  return (
    <div
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="unsent-mail-title"
      aria-describedby="unsent-mail-text"
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <h2 id="unsent-mail-title">Unsent mail on this computer</h2>
      <p id="unsent-mail-text">
        {email} has {describeUnsent(unsent)}.{' '}
        {unsent.outbox > 0 && `To send ${one ? 'it' : 'them'}, cancel and use the Outbox first; otherwise save `}
        {unsent.outbox === 0 && 'Save '}
        {one ? 'it' : 'them'} to a file you can open in another mail program, or discard {one ? 'it' : 'them'}.
      </p>
      <div className="actions">
        <button type="button" onClick={() => onChoose('export')}>
          Save to a file and {leaving}
        </button>
        <button type="button" className="danger" onClick={() => onChoose('discard')}>
          Discard and {leaving}
        </button>
        <button ref={cancel} type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
