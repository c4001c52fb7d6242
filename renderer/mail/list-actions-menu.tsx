import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Download, Ellipsis } from 'lucide-react';
import { IconButton } from '../ui/icon-button';
import type { FolderExport } from './folder-export';

/**
 * The list header's rarely used actions behind one button, so the folder's title keeps its room
 * in a narrow list. Nothing to show where no single folder is listed.
 */
export function ListActionsMenu({ folderExport }: { folderExport: FolderExport | null }) {
  if (!folderExport) return null;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <IconButton label="More list actions" icon={Ellipsis} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Item className="menu-item" disabled={folderExport.busy} onSelect={folderExport.start}>
            <Download size={16} aria-hidden="true" />
            <span className="menu-item-label">{folderExport.busy ? 'Exporting…' : 'Export as mbox…'}</span>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
