// A line-by-line SMTP conversation for tests that need to see exact replies, which a mail
// library would hide (error challenges, refusals before STARTTLS).
import net from 'node:net';
import tls from 'node:tls';
import { ReplyReader, type Reply } from './smtp-replies';

export class SmtpDialogue {
  private constructor(
    private readonly socket: net.Socket,
    private readonly replies: ReplyReader,
    readonly greeting: Reply,
  ) {}

  /** Plain TCP, or implicit TLS trusting only `caPem` when given. */
  static async open(port: number, caPem?: string): Promise<SmtpDialogue> {
    const socket = caPem
      ? tls.connect({ host: '127.0.0.1', port, ca: caPem, servername: 'localhost' })
      : net.connect({ host: '127.0.0.1', port });
    const replies = new ReplyReader(socket);
    return new SmtpDialogue(socket, replies, await replies.next());
  }

  command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.replies.next();
  }

  close(): void {
    this.socket.destroy();
  }
}
