import type { Duplex } from 'node:stream';

const maxLineBytes = 64 * 1024;

/**
 * Reads CRLF-terminated lines from a socket, one await at a time. A server that sends an
 * endless line or closes early makes next() reject instead of growing memory or hanging.
 */
export class LineReader {
  private buffer = Buffer.alloc(0);
  private lines: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(private readonly socket: Duplex) {
    socket.on('data', this.onData);
    socket.once('end', () => this.fail(new Error('The server closed the connection.')));
    socket.once('error', (error: Error) => this.fail(error));
  }

  /** Stops reading and returns whatever arrived past the last line (for STARTTLS checks). */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    const rest = Buffer.concat([Buffer.from(this.lines.map((line) => `${line}\r\n`).join('')), this.buffer]);
    this.lines = [];
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) !== -1) {
      this.push(this.buffer.subarray(0, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 2);
    }
    if (this.buffer.length > maxLineBytes) {
      this.fail(new Error('The server sent a line that is too long.'));
      this.socket.destroy();
    }
  };

  private push(line: string) {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting.resolve(line);
    } else {
      this.lines.push(line);
    }
  }

  private fail(error: Error) {
    this.socket.off('data', this.onData);
    this.buffer = Buffer.alloc(0);
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(this.failure);
  }
}
