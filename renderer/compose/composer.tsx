import { useEffect, useId, useMemo, useRef, useState, type DragEvent } from 'react';
import { maxDraftAttachmentBytes, type Draft, type SendResult } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import type { Address, AttachmentSummary } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { formatSize } from '../mail/message-view/format-size';
import { AttachmentList } from './attachment-list';
import { DiscardDraftButton } from './discard-draft-button';
import { useIdentities } from '../settings/use-identities';
import { DraftSaver, saveStateText, type SaveState } from './draft-saver';
import { draftIdentity, FromPicker } from './from-picker';
import { MessageEditor, type MessageEditorHandle } from './message-editor';
import { readFileBase64 } from './read-file-base64';
import { RecipientField } from './recipient-field';
import { changeSignature } from './signature';

const titles: Record<Draft['mode'], string> = {
  new: 'New message',
  reply: 'Reply',
  replyAll: 'Reply all',
  forward: 'Forward',
};

function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/**
 * One draft being written. It saves itself a moment after each change and when it closes
 * (Close, the window unloading, or being replaced by another draft), so it can be resumed.
 */
export function Composer({
  client,
  accounts,
  draft,
  onClose,
  onSent,
}: {
  client: Client;
  accounts: AccountSummary[];
  draft: Draft;
  onClose: () => void;
  onSent: (result: SendResult) => void;
}) {
  const titleId = useId();
  const [accountId, setAccountId] = useState(draft.accountId);
  const [from, setFrom] = useState(draft.from);
  const identities = useIdentities(client).filter((identity) => accounts.some((a) => a.id === identity.accountId));
  const fromIdentity = draftIdentity(identities, accountId, from);
  const [to, setTo] = useState<Address[]>(draft.to);
  const [cc, setCc] = useState<Address[]>(draft.cc);
  const [bcc, setBcc] = useState<Address[]>(draft.bcc);
  const [showCopies, setShowCopies] = useState(draft.cc.length > 0 || draft.bcc.length > 0);
  const [subject, setSubject] = useState(draft.subject);
  const [attachments, setAttachments] = useState<AttachmentSummary[]>(draft.attachments);
  const [adding, setAdding] = useState<string[]>([]);
  const [sizeWarning, setSizeWarning] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<MessageEditorHandle>(null);
  const fields = useRef({ accountId, from, to, cc, bcc, subject });
  fields.current = { accountId, from, to, cc, bcc, subject };

  const saver = useMemo(
    () =>
      new DraftSaver(async () => {
        const body = editor.current?.content() ?? { html: draft.html, text: draft.text };
        const current = fields.current;
        await client.call('compose.save', {
          draftId: draft.id,
          ...(current.accountId !== draft.accountId ? { accountId: current.accountId } : {}),
          ...(current.from !== null ? { from: current.from } : {}),
          to: current.to,
          cc: current.cc,
          bcc: current.bcc,
          subject: current.subject,
          html: body.html,
          text: body.text,
        });
      }, setSaveState),
    [client, draft],
  );

  // Whatever is unsaved goes out when the composer goes away or the window unloads.
  useEffect(() => {
    const onUnload = () => void saver.flush();
    window.addEventListener('pagehide', onUnload);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('pagehide', onUnload);
      window.removeEventListener('beforeunload', onUnload);
      void saver.flush();
    };
  }, [saver]);

  useEffect(() => {
    if (draft.mode === 'new' && draft.to.length === 0) return;
    editor.current?.focusStart();
  }, [draft]);

  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      saver.changed();
    };
  const suggest = (prefix: string) => client.call('compose.suggestAddresses', { prefix, accountId });

  const addFiles = async (files: File[]) => {
    const room = maxDraftAttachmentBytes - attachments.reduce((sum, a) => sum + a.size, 0);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    if (total > room) {
      setProblem(
        `Attachments can add up to ${formatSize(maxDraftAttachmentBytes)} at most; these files are too large.`,
      );
      return;
    }
    setProblem(null);
    for (const file of files) {
      setAdding((names) => [...names, file.name]);
      try {
        const added = await client.call('compose.addAttachment', {
          draftId: draft.id,
          filename: file.name,
          contentType: file.type || 'application/octet-stream',
          dataBase64: await readFileBase64(file),
        });
        setAttachments((list) => [...list, added.attachment]);
        setSizeWarning(added.warning);
      } catch (reason) {
        setProblem(`${file.name} was not attached: ${errorText(reason)}`);
      } finally {
        setAdding((names) => names.filter((name, index) => name !== file.name || index !== names.indexOf(file.name)));
      }
    }
  };
  const removeAttachment = async (attachment: AttachmentSummary) => {
    try {
      await client.call('compose.removeAttachment', { draftId: draft.id, attachmentId: attachment.id });
      setAttachments((list) => list.filter((other) => other.id !== attachment.id));
      setSizeWarning(null);
    } catch (reason) {
      setProblem(errorText(reason));
    }
  };

  // A draft that could not be saved stays open, with the reason in the status, so nothing is lost.
  const close = async () => {
    setBusy(true);
    await saver.flush();
    setBusy(false);
    if (!saver.hasUnsavedChanges) onClose();
  };
  const discard = async () => {
    setBusy(true);
    saver.cancel();
    try {
      await client.call('compose.discard', { draftId: draft.id });
      onClose();
    } catch (reason) {
      setProblem(`The draft was not discarded: ${errorText(reason)}`);
      setBusy(false);
    }
  };
  const send = async () => {
    // A blurred recipient field has turned its text into addresses by now.
    if (to.length + cc.length + bcc.length === 0) {
      setProblem('Add at least one recipient.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      saver.changed();
      await saver.flush();
      if (saver.hasUnsavedChanges) throw new Error('the draft could not be saved');
      const result = await client.call('compose.send', { draftId: draft.id });
      saver.cancel();
      onSent(result);
    } catch (reason) {
      setProblem(`Not sent: ${errorText(reason)}`);
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent) => {
    if (event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    void addFiles([...event.dataTransfer.files]);
  };

  return (
    <section
      className="composer"
      role="dialog"
      aria-labelledby={titleId}
      onDragOver={(event) => event.dataTransfer.types.includes('Files') && event.preventDefault()}
      onDrop={onDrop}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) void close();
      }}
    >
      <header className="composer-header">
        <h2 id={titleId}>{subject.trim() || titles[draft.mode]}</h2>
        <span className="save-state" role="status">
          {saveStateText(saveState)}
        </span>
        <button type="button" className="secondary small" disabled={busy} onClick={() => void close()}>
          Close
        </button>
      </header>
      <FromPicker
        identities={identities}
        value={fromIdentity}
        onChange={(chosen) => {
          changeSignature(editor.current, fromIdentity, chosen);
          setAccountId(chosen.accountId);
          setFrom(chosen.address);
          saver.changed();
        }}
      />
      <RecipientField
        label="To"
        addresses={to}
        onChange={changed(setTo)}
        suggest={suggest}
        autoFocus={draft.to.length === 0}
      />
      {showCopies ? (
        <>
          <RecipientField label="Cc" addresses={cc} onChange={changed(setCc)} suggest={suggest} />
          <RecipientField label="Bcc" addresses={bcc} onChange={changed(setBcc)} suggest={suggest} />
        </>
      ) : (
        <button type="button" className="secondary small reveal-copies" onClick={() => setShowCopies(true)}>
          Cc and Bcc
        </button>
      )}
      <label className="compose-row">
        Subject
        <input type="text" value={subject} onChange={(event) => changed(setSubject)(event.target.value)} />
      </label>
      <MessageEditor
        editorRef={editor}
        initial={{ html: draft.html, text: draft.text }}
        onChange={() => saver.changed()}
      />
      <AttachmentList
        attachments={attachments}
        adding={adding}
        warning={sizeWarning}
        onAdd={(files) => void addFiles(files)}
        onRemove={(attachment) => void removeAttachment(attachment)}
      />
      {problem && (
        <p className="compose-problem" role="alert">
          {problem}
        </p>
      )}
      <footer className="composer-actions">
        <button type="button" disabled={busy || adding.length > 0} onClick={() => void send()}>
          Send
        </button>
        <DiscardDraftButton disabled={busy} onDiscard={() => void discard()} />
      </footer>
    </section>
  );
}
