// Mail that makes one conversation: message n answers every message before it (In-Reply-To and
// References), so the app threads them together.

export interface Person {
  name: string;
  email: string;
}

export interface Conversation {
  subject: string;
  /** The Message-IDs of the conversation's messages, oldest first. */
  messageIds: string[];
  to: Person;
}

/** The raw text of message `n` of `conversation`; a later reply may bring its own Message-ID. */
export function conversationMessage(
  conversation: Conversation,
  n: number,
  {
    date,
    from,
    body,
    messageId = conversation.messageIds[n]!,
  }: { date: Date; from: Person; body: string; messageId?: string },
): string {
  const earlier = conversation.messageIds.slice(0, n);
  return [
    `From: ${from.name} <${from.email}>`,
    `To: ${conversation.to.name} <${conversation.to.email}>`,
    `Subject: ${n === 0 ? conversation.subject : `Re: ${conversation.subject}`}`,
    `Message-ID: ${messageId}`,
    ...(earlier.length ? [`In-Reply-To: ${earlier.at(-1)}`, `References: ${earlier.join(' ')}`] : []),
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}
