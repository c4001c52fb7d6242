import { afterAll, describe, expect, it } from 'vitest';
import { createParsePool } from './parse-pool';

const pool = createParsePool(2, 200);
afterAll(() => pool.close());

const message = (n: number) =>
  new TextEncoder().encode(`Subject: number ${n}\r\nContent-Type: text/html\r\n\r\n<p>Body ${n}</p>\r\n`);

describe('the parse pool', () => {
  it('parses on worker threads, many at once, each answer to its own message', { timeout: 30_000 }, async () => {
    const bodies = await Promise.all(Array.from({ length: 20 }, (_, n) => pool.parse(message(n))));
    expect(bodies.map((body) => body.html?.trim())).toEqual(Array.from({ length: 20 }, (_, n) => `<p>Body ${n}</p>`));
  });

  it('stops its workers when idle and starts them again for the next parse', { timeout: 30_000 }, async () => {
    await pool.parse(message(1));
    const threads = () => process.report.getReport() as unknown as { workers: unknown[] };
    expect(threads().workers.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(threads().workers.length).toBe(0);
    expect((await pool.parse(message(2))).html?.trim()).toBe('<p>Body 2</p>');
  });
});
