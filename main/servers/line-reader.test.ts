import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineReader } from './line-reader';

describe('LineReader', () => {
  it('splits CRLF lines across chunks', async () => {
    const socket = new PassThrough();
    const reader = new LineReader(socket);
    socket.write('* OK hel');
    socket.write('lo\r\na1 OK done\r\n');
    await expect(reader.next()).resolves.toBe('* OK hello');
    await expect(reader.next()).resolves.toBe('a1 OK done');
  });

  it('still delivers queued lines after the server closed, then fails', async () => {
    const socket = new PassThrough();
    const reader = new LineReader(socket);
    socket.end('* BYE\r\n');
    await expect(reader.next()).resolves.toBe('* BYE');
    await expect(reader.next()).rejects.toThrow('closed the connection');
  });

  it('fails and drops the connection on an endless line', async () => {
    const socket = new PassThrough();
    const reader = new LineReader(socket);
    const pending = reader.next();
    socket.write('x'.repeat(70 * 1024));
    await expect(pending).rejects.toThrow('too long');
    expect(socket.destroyed).toBe(true);
  });

  it('hands back unread bytes on detach, for the STARTTLS injection check', async () => {
    const socket = new PassThrough();
    const reader = new LineReader(socket);
    socket.write('s0 OK begin\r\n* injected\r\npartial');
    await expect(reader.next()).resolves.toBe('s0 OK begin');
    expect(reader.detach().toString()).toBe('* injected\r\npartial');
  });
});
