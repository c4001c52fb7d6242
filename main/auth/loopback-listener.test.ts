import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { openLoopbackListener, type LoopbackListener } from './loopback-listener';

const STATE = 'expected-state-value';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connectionError(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** Sends a request line as given (no client normalises it) and gives the answer's status. */
function rawStatus(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status === undefined) return;
      socket.destroy();
      resolve(Number(status));
    });
    socket.on('error', reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  });
}

const portOf = (listener: LoopbackListener) => Number(new URL(listener.redirectUri).port);

let listener: LoopbackListener | undefined;
afterEach(async () => {
  listener?.callback.catch(() => undefined);
  listener?.cancel();
  await listener?.closed;
  listener = undefined;
});

async function open(options: { timeoutMs?: number; onCallbackReceived?: () => void } = {}) {
  listener = await openLoopbackListener({ expectedState: STATE, ...options });
  return listener;
}

describe('the loopback listener', () => {
  it('listens on 127.0.0.1 only, on the port the OS chose, named in the redirect URI', async () => {
    const first = await open();
    expect(first.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const port = portOf(first);
    expect(port).toBeGreaterThan(0);
    expect(await connectionError('127.0.0.1', port)).toBe('connected');
    // The rest of 127/8 and the IPv6 loopback are other addresses: nothing listens there.
    expect(await connectionError('127.0.0.2', port)).toBe('ECONNREFUSED');
    expect(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH']).toContain(await connectionError('::1', port));
  });

  it('gets a new port for every sign-in', async () => {
    const first = await open();
    const second = await openLoopbackListener({ expectedState: STATE });
    try {
      expect(portOf(second)).not.toBe(portOf(first));
    } finally {
      second.callback.catch(() => undefined);
      second.cancel();
    }
  });

  it('does not share its port: a second bind fails', async () => {
    const port = portOf(await open());
    const rival = createServer();
    rival.listen({ host: '127.0.0.1', port });
    const [error] = (await once(rival, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('EADDRINUSE');
  });

  it('answers 404 off the redirect path and 405 to other methods', async () => {
    const { redirectUri } = await open();
    expect((await get(new URL(`/other?state=${STATE}&code=c`, redirectUri).href)).status).toBe(404);
    expect((await get(`${redirectUri}?state=${STATE}&code=c`, 'POST')).status).toBe(405);
  });

  it('takes only the query from the request: other request targets cannot change the origin', async () => {
    const pending = await open();
    const settled = vi.fn();
    pending.callback.then(settled, settled);
    const port = portOf(pending);
    const query = `?state=${STATE}&code=c`;
    for (const target of [
      `//evil.example/callback${query}`,
      `http://evil.example/callback${query}`,
      `http://127.0.0.1:${port}/callback${query}`,
      `/callback/${query}`,
    ]) {
      expect(await rawStatus(port, target)).toBe(404);
    }
    expect(settled).not.toHaveBeenCalled();

    expect(await rawStatus(port, `/callback${query}`)).toBe(200);
    expect((await pending.callback).href).toBe(`${pending.redirectUri}${query}`);
  });

  it('answers 400 to a missing, wrong or repeated state and keeps waiting', async () => {
    const hook = vi.fn();
    const pending = await open({ onCallbackReceived: hook });
    const settled = vi.fn();
    pending.callback.then(settled, settled);
    for (const query of ['code=c', 'state=wrong&code=c', `state=${STATE}&state=other&code=c`]) {
      const answer = await get(`${pending.redirectUri}?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('Return to Harbor Mail');
    }
    expect(settled).not.toHaveBeenCalled();
    expect(hook).not.toHaveBeenCalled();

    const answer = await get(`${pending.redirectUri}?code=the-code&state=${STATE}`);
    expect(answer.status).toBe(200);
    const callback = await pending.callback;
    expect(callback.searchParams.get('code')).toBe('the-code');
    expect(hook).toHaveBeenCalledOnce();
  });

  it('shows a completion page without the code, with no referrer and nothing external, then closes', async () => {
    const pending = await open();
    const answer = await get(`${pending.redirectUri}?code=secret-code-123&state=${STATE}`);
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[\w+/=]+'/);
    expect(answer.body).not.toContain('secret-code-123');
    expect(answer.body).not.toContain(STATE);
    expect(answer.body).not.toMatch(/https?:\/\//);
    expect(answer.body).toContain('return to Harbor Mail');
    await pending.closed;
    expect(await connectionError('127.0.0.1', portOf(pending))).toBe('ECONNREFUSED');
  });

  it('the inline style is exactly the one the CSP hash allows', async () => {
    const pending = await open();
    const answer = await get(`${pending.redirectUri}?code=c&state=${STATE}`);
    const style = /<style>([\s\S]*?)<\/style>/.exec(answer.body)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(answer.headers['content-security-policy']).toContain(`'sha256-${hash}'`);
  });

  it('accepts an error callback with a page in plain words', async () => {
    const pending = await open();
    const answer = await get(`${pending.redirectUri}?error=access_denied&state=${STATE}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('You declined to give Harbor Mail access');
    expect((await pending.callback).searchParams.get('error')).toBe('access_denied');
  });

  it('does not repeat an error description in its page', async () => {
    const pending = await open();
    const answer = await get(
      `${pending.redirectUri}?error=server_error&error_description=%3Cscript%3Ex%3C%2Fscript%3E&state=${STATE}`,
    );
    expect(answer.body).toContain('did not complete the sign-in');
    expect(answer.body).not.toContain('script');
    await pending.callback;
  });

  it('times out, rejecting with SIGN_IN_TIMED_OUT, and releases the port', async () => {
    const pending = await open({ timeoutMs: 50 });
    await expect(pending.callback).rejects.toMatchObject({ code: 'SIGN_IN_TIMED_OUT' });
    await pending.closed;
    expect(await connectionError('127.0.0.1', portOf(pending))).toBe('ECONNREFUSED');
  });

  it('can be cancelled, rejecting with SIGN_IN_CANCELLED, and releases the port', async () => {
    const pending = await open();
    pending.cancel();
    const error = await pending.callback.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SIGN_IN_CANCELLED' });
    await pending.closed;
    expect(await connectionError('127.0.0.1', portOf(pending))).toBe('ECONNREFUSED');
  });

  it('keeps the sign-in when the window hook throws', async () => {
    const pending = await open({
      onCallbackReceived: () => {
        throw new Error('no window');
      },
    });
    await get(`${pending.redirectUri}?code=c&state=${STATE}`);
    await expect(pending.callback).resolves.toBeInstanceOf(URL);
  });
});
