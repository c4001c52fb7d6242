import { describeUnsent, type UnsentChoice, type UnsentMail } from '../../shared/models';
import { ConfirmDialog } from '../ui/confirm-dialog';

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
  const one = unsent.outbox + unsent.drafts === 1;
  return (
    <ConfirmDialog
      title="Unsent mail on this computer"
      actions={[
        { label: `Save to a file and ${leaving}`, onSelect: () => onChoose('export') },
        { label: `Discard and ${leaving}`, tone: 'danger', onSelect: () => onChoose('discard') },
      ]}
      onCancel={onCancel}
    >
      <p>
        {email} has {describeUnsent(unsent)}.{' '}
        {unsent.outbox > 0 && `To send ${one ? 'it' : 'them'}, cancel and use the Outbox first; otherwise save `}
        {unsent.outbox === 0 && 'Save '}
        {one ? 'it' : 'them'} to a file you can open in another mail program, or discard {one ? 'it' : 'them'}.
      </p>
    </ConfirmDialog>
  );
}
