// A minimal LMTP client (RFC 2033) over a unix socket: one transaction, one reply per accepted
// recipient after DATA.
import net from 'node:net';
import { ReplyReader, type Reply } from './smtp-replies';

export interface LmtpDelivery {
  from: string;
  recipients: string[];
  /** The message as received over SMTP (CRLF line ends, not dot-stuffed). */
  message: Buffer;
}

export interface LmtpRecipientResult {
  recipient: string;
  code: number;
  text: string;
  delivered: boolean;
}

const TIMEOUT_MS = 30_000;

export async function deliverOverLmtp(socketPath: string, delivery: LmtpDelivery): Promise<LmtpRecipientResult[]> {
  const socket = net.connect({ path: socketPath });
  socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('LMTP timed out')));
  const replies = new ReplyReader(socket);
  try {
    await expect(replies.next(), 220, 'greeting');
    socket.write('LHLO harbor-stack\r\n');
    await expect(replies.next(), 250, 'LHLO');
    socket.write(`MAIL FROM:<${delivery.from}>\r\n`);
    await expect(replies.next(), 250, 'MAIL FROM');

    const results: LmtpRecipientResult[] = [];
    const accepted: LmtpRecipientResult[] = [];
    for (const recipient of delivery.recipients) {
      socket.write(`RCPT TO:<${recipient}>\r\n`);
      const reply = await replies.next();
      const result = { recipient, ...reply, delivered: false };
      results.push(result);
      if (reply.code === 250) accepted.push(result);
    }
    if (accepted.length === 0) return results;

    socket.write('DATA\r\n');
    await expect(replies.next(), 354, 'DATA');
    socket.write(dotStuff(delivery.message));
    socket.write('.\r\n');
    for (const result of accepted) {
      const reply = await replies.next();
      Object.assign(result, reply, { delivered: reply.code === 250 });
    }
    socket.write('QUIT\r\n');
    return results;
  } finally {
    socket.end();
  }
}

/** RFC 5321 §4.5.2 transparency, and a final CRLF so the terminating dot stands on its own line. */
export function dotStuff(message: Buffer): Buffer {
  let text = message.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(text, 'latin1');
}

async function expect(pending: Promise<Reply>, code: number, step: string): Promise<Reply> {
  const reply = await pending;
  if (reply.code !== code) throw new Error(`LMTP ${step} answered ${reply.code} ${reply.text}`);
  return reply;
}
