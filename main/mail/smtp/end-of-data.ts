import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';

export interface EndOfData {
  /** Settles once it can be told: true when the whole message and its final CRLF.CRLF were written. */
  written(): Promise<boolean>;
}

/**
 * Follows the one message nodemailer's SMTP connection sends on this socket. Its data stream is piped
 * into the socket and ends after the final dot; an empty write queued behind it completes only once
 * every byte before it has been handed to the operating system, and fails if the socket died first.
 */
export function followEndOfData(socket: Socket): EndOfData {
  let written: Promise<boolean> | null = null;
  socket.once('pipe', (data: Readable) =>
    data.once('end', () => {
      written = new Promise((resolve) => {
        if (!socket.writable) return resolve(false);
        socket.write(Buffer.alloc(0), (error) => resolve(!error));
      });
    }),
  );
  return { written: () => written ?? Promise.resolve(false) };
}
