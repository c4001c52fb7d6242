import { SquarePen } from 'lucide-react';
import { useState } from 'react';

/** Over a message of the server's Drafts folder: it is a draft, and "Edit draft" opens it in the composer. */
export function ServerDraftBar({ onEdit }: { onEdit: () => Promise<void> }) {
  // Its body and attachments may come from the server first.
  const [opening, setOpening] = useState(false);
  const edit = () => {
    setOpening(true);
    onEdit().finally(() => setOpening(false));
  };
  return (
    <div className="server-draft-bar" role="group" aria-label="Draft">
      <SquarePen size={18} strokeWidth={1.75} aria-hidden="true" />
      <span>This message is a draft. Edit it to change or send it.</span>
      <button type="button" className="small" disabled={opening} onClick={edit}>
        {opening ? 'Opening…' : 'Edit draft'}
      </button>
    </div>
  );
}
