import { afterAll, describe, expect, it } from 'vitest';
import { createParsePool } from './parse-pool';

const pool = createParsePool(2, 200, 4096);
afterAll(() => pool.close());
const threads = () => (process.report.getReport() as unknown as { workers: unknown[] }).workers.length;

const message = (n: number) =>
  new TextEncoder().encode(`Subject: number ${n}\r\nContent-Type: text/html\r\n\r\n<p>Body ${n}</p>\r\n`);

describe('the parse pool', () => {
  it('parses on worker threads, many at once, each answer to its own message', { timeout: 30_000 }, async () => {
    const bodies = await Promise.all(Array.from({ length: 20 }, (_, n) => pool.parse(message(n))));
    expect(bodies.map((body) => body.html?.trim())).toEqual(Array.from({ length: 20 }, (_, n) => `<p>Body ${n}</p>`));
  });

  it('stops its workers when idle and starts them again for the next parse', { timeout: 30_000 }, async () => {
    await pool.parse(message(1));
    expect(threads()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(threads()).toBe(0);
    expect((await pool.parse(message(2))).html?.trim()).toBe('<p>Body 2</p>');
  });

  it(
    'parses a large source on a worker of its own that ends with it, the bytes handed over',
    { timeout: 30_000 },
    async () => {
      const large = new TextEncoder().encode(`Subject: large\r\n\r\n${'a line of text\r\n'.repeat(500)}`);
      expect(large.byteLength).toBeGreaterThan(4096);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(threads()).toBe(0);
      const body = await pool.parse(large);
      expect(body.text).toContain('a line of text');
      expect(large.byteLength).toBe(0);
      expect(threads()).toBe(0);
    },
  );
});
