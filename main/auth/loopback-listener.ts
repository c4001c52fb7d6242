// The one-shot redirect listener of RFC 8252 §7.3: 127.0.0.1 only, an OS-chosen port, exactly one
// accepted callback (the one carrying our state), then closed. Anything else is answered and
// ignored, so a stray or forged request can neither end the sign-in nor trigger a token request.
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../shared/errors';
import { callbackPage, methodNotAllowedPage, notFoundPage, wrongStatePage, type ListenerPage } from './completion-page';

const CALLBACK_PATH = '/callback';
const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;

export interface LoopbackListenerOptions {
  expectedState: string;
  timeoutMs?: number;
  /** Called once the right callback arrived, e.g. to bring the app window to the front. */
  onCallbackReceived?: () => void;
}

export interface LoopbackListener {
  /** http://127.0.0.1:<port>/callback with the port the OS chose. */
  readonly redirectUri: string;
  /** The accepted callback URL (code or error); rejects with SIGN_IN_TIMED_OUT or SIGN_IN_CANCELLED. */
  readonly callback: Promise<URL>;
  /** Resolves once the port is released. */
  readonly closed: Promise<void>;
  cancel(): void;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function carriesState(url: URL, expectedState: string): boolean {
  const states = url.searchParams.getAll('state');
  return states.length === 1 && timingSafeEqual(digest(states[0] ?? ''), digest(expectedState));
}

/** The request target's path and its query (with the `?`, or empty). */
function splitTarget(target: string): [string, string] {
  const queryAt = target.indexOf('?');
  return queryAt === -1 ? [target, ''] : [target.slice(0, queryAt), target.slice(queryAt)];
}

function send(res: ServerResponse, page: ListenerPage, headers: Record<string, string> = {}): void {
  res.writeHead(page.status, { ...page.headers, ...headers, 'Content-Length': Buffer.byteLength(page.body) });
  res.end(page.body);
}

function timeoutMessage(timeoutMs: number): string {
  const minutes = Math.round(timeoutMs / 60_000);
  const span = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : 'the time allowed';
  return `Sign-in timed out: the browser did not come back within ${span}. Try again.`;
}

export async function openLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  const server = createServer();
  // Node sets no SO_REUSEPORT unless asked; `exclusive` keeps cluster workers from sharing the handle.
  server.listen({ host: '127.0.0.1', port: 0, exclusive: true });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  const closed = once(server, 'close').then(() => undefined);

  let settled = false;
  let accept!: (url: URL) => void;
  let refuse!: (error: AppError) => void;
  const callback = new Promise<URL>((resolve, reject) => {
    accept = resolve;
    refuse = reject;
  });

  const finish = (outcome: () => void): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    server.close();
    outcome();
  };
  const abandon = (code: 'SIGN_IN_TIMED_OUT' | 'SIGN_IN_CANCELLED', message: string): void =>
    finish(() => {
      server.closeAllConnections();
      refuse(new AppError(code, message));
    });

  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  const timer = setTimeout(() => abandon('SIGN_IN_TIMED_OUT', timeoutMessage(timeoutMs)), timeoutMs);

  server.on('request', (req, res) => {
    // Only the query comes from the request: a target like `//evil/callback` or an absolute-form
    // URL would otherwise change the origin the callback is checked against.
    const [path, query] = splitTarget(req.url ?? '');
    if (path !== CALLBACK_PATH || settled) return send(res, notFoundPage());
    const url = new URL(redirectUri);
    url.search = query;
    if (req.method !== 'GET') return send(res, methodNotAllowedPage());
    if (!carriesState(url, options.expectedState)) return send(res, wrongStatePage());
    send(res, callbackPage(url), { Connection: 'close' });
    // Keep-alive sockets the browser opened besides this one would hold the server open.
    res.once('finish', () => server.closeAllConnections());
    finish(() => {
      accept(url);
      try {
        options.onCallbackReceived?.();
      } catch {
        // Failing to raise the window must not lose a sign-in that has already come back.
      }
    });
  });

  return {
    redirectUri,
    callback,
    closed,
    cancel: () => abandon('SIGN_IN_CANCELLED', 'Sign-in was cancelled.'),
  };
}
