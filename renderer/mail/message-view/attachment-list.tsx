import { useState } from 'react';
import { IpcError, type Client } from '../../../shared/ipc/client';
import type { AttachmentSummary } from '../../../shared/mail-models';
import { formatSize } from './format-size';

function AttachmentItem({
  client,
  messageId,
  attachment,
}: {
  client: Client;
  messageId: number;
  attachment: AttachmentSummary;
}) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await client.call('mail.saveAttachment', { messageId, attachmentId: attachment.id });
    } catch (failure) {
      setError(failure instanceof IpcError ? failure.message : 'The attachment could not be saved.');
    } finally {
      setSaving(false);
    }
  };
  return (
    <li className="attachment">
      <span className="attachment-name">{attachment.filename}</span>
      <span className="attachment-type">{attachment.contentType}</span>
      <span className="attachment-size">{formatSize(attachment.size)}</span>
      <button
        type="button"
        className="secondary"
        disabled={saving}
        onClick={() => void save()}
        aria-label={`Save ${attachment.filename}`}
      >
        Save
      </button>
      {error !== null && <p role="alert">{error}</p>}
    </li>
  );
}

export function AttachmentList({
  client,
  messageId,
  attachments,
}: {
  client: Client;
  messageId: number;
  attachments: AttachmentSummary[];
}) {
  if (attachments.length === 0) return null;
  return (
    <section className="attachments" aria-label="Attachments">
      <ul>
        {attachments.map((attachment) => (
          <AttachmentItem key={attachment.id} client={client} messageId={messageId} attachment={attachment} />
        ))}
      </ul>
    </section>
  );
}
