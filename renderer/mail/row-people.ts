import type { Address, FolderRole, MessageRow } from '../../shared/mail-models';

/** Folders of mail the person wrote, whose rows name the recipients rather than the sender. */
export const recipientFolderRoles: ReadonlySet<FolderRole> = new Set(['sent', 'drafts']);

const personName = (address: Address) => address.name.trim() || address.address;

/** "To: Bob Example, carol@harbor.test", by name where there is one. */
export const recipientsText = (to: Address[]) =>
  to.length ? `To: ${to.map(personName).join(', ')}` : 'To: (no recipients)';

/** Who a row names: the sender, or the recipients in Sent and Drafts. */
export function rowPeople(row: Pick<MessageRow, 'from' | 'to'>, showRecipients: boolean): string {
  return showRecipients ? recipientsText(row.to) : personName(row.from);
}
