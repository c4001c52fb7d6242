// Reads SMTP/LMTP replies (RFC 5321 §4.2) from a socket, one per call, joining multi-line ones.
import type net from 'node:net';

export interface Reply {
  code: number;
  text: string;
}

/** Splits the server's output into replies, joining multi-line ones (`250-...` up to `250 ...`). */
export class ReplyReader {
  private buffered = '';
  private lines: string[] = [];
  private readonly ready: Reply[] = [];
  private waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  next(): Promise<Reply> {
    const reply = this.ready.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\r\n')) >= 0) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      this.lines.push(line.slice(4));
      if (line[3] === '-') continue;
      this.push({ code: Number.parseInt(line.slice(0, 3), 10), text: this.lines.join(' ') });
      this.lines = [];
    }
  }

  private push(reply: Reply): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting.resolve(reply);
    else this.ready.push(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
