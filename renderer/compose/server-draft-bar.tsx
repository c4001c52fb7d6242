import { SquarePen } from 'lucide-react';

/** Over a message of the server's Drafts folder: it is a draft, and "Edit draft" opens it in the composer. */
export function ServerDraftBar({ onEdit }: { onEdit: () => void }) {
  return (
    <div className="server-draft-bar" role="group" aria-label="Draft">
      <SquarePen size={18} strokeWidth={1.75} aria-hidden="true" />
      <span>This message is a draft. Edit it to change or send it.</span>
      <button type="button" className="small" onClick={onEdit}>
        Edit draft
      </button>
    </div>
  );
}
