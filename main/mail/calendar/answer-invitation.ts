import { AppError } from '../../../shared/errors';
import type { InvitationAnswer } from '../../../shared/mail-models';
import type { Account } from '../../accounts/account-repository';
import { writeTransaction, type Db } from '../../store/database';
import { newMessageId } from '../compose/build-message';
import type { createOutboxRepository } from '../outbox/outbox-repository';
import { buildInvitationReply } from './invitation-reply';

// Answering an invitation, in the engine: the REPLY is built once and queued in the outbox like
// any message, and the answer is kept on the invitation in the same transaction, so the card shows
// it at once and after a restart.

interface InvitationRow {
  account_id: string;
  message_id: string | null;
  refs: string;
  subject: string;
  from_name: string;
  from_address: string;
  calendar: string | null;
}

const notAnInvitation = () => new AppError('NOT_FOUND', 'This invitation is no longer here, so it cannot be answered.');

export function createInvitationAnswers(
  db: Db,
  outbox: ReturnType<typeof createOutboxRepository>,
  accountOf: (accountId: string) => Account | null,
) {
  const selectInvitation = db.prepare<[number], InvitationRow>(`
    SELECT m.account_id, m.message_id, m.refs, m.subject, m.from_name, m.from_address, b.calendar
    FROM messages m JOIN bodies b ON b.message_id IN (SELECT id FROM messages WHERE content_id = m.content_id)
    WHERE m.id = ?
  `);
  const keepAnswer = db.prepare<[string, number]>('UPDATE messages SET invitation_answer = ? WHERE id = ?');

  return async (args: { messageId: number; answer: InvitationAnswer; sendAt: number; now: number }) => {
    const row = selectInvitation.get(args.messageId);
    if (!row?.calendar) throw notAnInvitation();
    const account = accountOf(row.account_id);
    if (!account) throw new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');
    const built = await buildInvitationReply(
      row.calendar,
      {
        subject: row.subject,
        messageId: row.message_id,
        references: JSON.parse(row.refs) as string[],
        from: { name: row.from_name, address: row.from_address },
      },
      account,
      args.answer,
      { messageId: newMessageId(account.email), date: new Date(args.sendAt) },
    );
    const outboxId = writeTransaction(db, () => {
      keepAnswer.run(args.answer, args.messageId);
      return outbox.add(
        {
          accountId: row.account_id,
          draftId: null,
          messageId: built.messageId,
          envelope: built.envelope,
          raw: built.raw,
          subject: built.subject,
          to: [built.to],
          sendAt: args.sendAt,
        },
        args.now,
      );
    })();
    return { outboxId, accountId: row.account_id };
  };
}
