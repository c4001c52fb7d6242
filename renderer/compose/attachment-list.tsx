import { useRef } from 'react';
import { providerMessageLimitBytes } from '../../shared/compose-models';
import type { AttachmentSummary } from '../../shared/mail-models';
import { formatSize } from '../mail/message-view/format-size';

/** The draft's attachments with their sizes, "Attach files", and a warning past the provider's limit. */
export function AttachmentList({
  attachments,
  adding,
  warning,
  onAdd,
  onRemove,
}: {
  attachments: AttachmentSummary[];
  /** Names of files being read and stored right now. */
  adding: string[];
  /** What the main side said about the size, if anything. */
  warning: string | null;
  onAdd: (files: File[]) => void;
  onRemove: (attachment: AttachmentSummary) => void;
}) {
  const picker = useRef<HTMLInputElement>(null);
  const total = attachments.reduce((sum, attachment) => sum + attachment.size, 0);
  const overLimit = total > providerMessageLimitBytes;
  const shownWarning =
    warning ??
    (overLimit
      ? `The attachments add up to ${formatSize(total)}; most providers refuse messages over ${formatSize(providerMessageLimitBytes)}.`
      : null);

  return (
    <section className="compose-attachments" aria-label="Attachments">
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-label="Files to attach"
        onChange={(event) => {
          onAdd([...(event.target.files ?? [])]);
          event.target.value = '';
        }}
      />
      <button type="button" className="secondary small" onClick={() => picker.current?.click()}>
        Attach files
      </button>
      {(attachments.length > 0 || adding.length > 0) && (
        <ul className="attachment-items">
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              <span className="attachment-name">{attachment.filename}</span>{' '}
              <span className="attachment-size">{formatSize(attachment.size)}</span>
              <button
                type="button"
                className="secondary small"
                aria-label={`Remove ${attachment.filename}`}
                onClick={() => onRemove(attachment)}
              >
                Remove
              </button>
            </li>
          ))}
          {adding.map((name, index) => (
            <li key={`adding-${index}`} className="quiet">
              Adding {name}…
            </li>
          ))}
        </ul>
      )}
      {shownWarning && (
        <p className="compose-warning" role="alert">
          {shownWarning}
        </p>
      )}
    </section>
  );
}
