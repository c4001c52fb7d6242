import { useState } from 'react';
import type { Client } from '../../shared/ipc/client';

type ExportState =
  | { kind: 'idle' }
  | { kind: 'busy'; folderId: number }
  | { kind: 'said'; folderId: number; text: string; failed: boolean };

export interface FolderExport {
  busy: boolean;
  /** What the last export of this folder came to; null until one finished. */
  notice: { text: string; failed: boolean } | null;
  start: () => void;
}

/**
 * Saves the shown folder as an mbox file (the host asks where), every message fetched whole from
 * the server. Null where no single folder is shown; what it says belongs to the folder it ran for.
 */
export function useFolderExport(client: Client, folderId: number | null, label: string): FolderExport | null {
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  if (folderId === null) return null;
  const exportFolder = async () => {
    setState({ kind: 'busy', folderId });
    try {
      const { saved, messages } = await client.call('mail.exportFolder', { folderId });
      const count = `${messages.toLocaleString()} message${messages === 1 ? '' : 's'}`;
      setState({
        kind: 'said',
        folderId,
        text: saved ? `${label} was saved as an mbox file (${count}).` : 'Not exported: no file was chosen.',
        failed: false,
      });
    } catch (reason) {
      const why = reason instanceof Error ? reason.message : String(reason);
      setState({ kind: 'said', folderId, text: `${label} was not exported: ${why}`, failed: true });
    }
  };
  const current = state.kind !== 'idle' && state.folderId === folderId ? state : null;
  return {
    busy: current?.kind === 'busy',
    notice: current?.kind === 'said' ? { text: current.text, failed: current.failed } : null,
    start: () => void exportFolder(),
  };
}

export function FolderExportNotice({ notice }: { notice: FolderExport['notice'] }) {
  if (!notice) return null;
  return (
    <p role={notice.failed ? 'alert' : 'status'} className="list-state">
      {notice.text}
    </p>
  );
}
