// What the browser shows on the loopback listener. No code, token or state is echoed, nothing is
// loaded from anywhere (CSP default-src 'none', the one inline style allowed by its hash), and no
// referrer leaks the callback URL to whatever the user opens next.
import { createHash } from 'node:crypto';

export interface ListenerPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}' +
  'main{max-width:26rem;margin:4rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px}';

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function page(status: number, title: string, paragraphs: string[]): ListenerPage {
  const body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main><h1>${title}</h1>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
</main></body>
</html>`;
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
    body,
  };
}

const RETURN = 'You can close this tab and return to Harbor Mail.';

/** The page for the one callback the listener accepts; the texts are fixed, never from the URL. */
export function callbackPage(callback: URL): ListenerPage {
  const error = callback.searchParams.get('error');
  if (error === null) return page(200, 'Almost done', ['Harbor Mail is finishing your sign-in.', RETURN]);
  if (error === 'access_denied') {
    return page(200, 'Not signed in', ['You declined to give Harbor Mail access, so you are not signed in.', RETURN]);
  }
  return page(200, 'Sign-in did not complete', [
    'The mail provider did not complete the sign-in. Harbor Mail shows what went wrong.',
    RETURN,
  ]);
}

export function wrongStatePage(): ListenerPage {
  return page(400, 'This link does not belong to your sign-in', [
    'Harbor Mail is still waiting for the sign-in it started. Return to Harbor Mail and continue there.',
  ]);
}

export function notFoundPage(): ListenerPage {
  return page(404, 'Not found', ['There is nothing here. Return to Harbor Mail.']);
}

export function methodNotAllowedPage(): ListenerPage {
  return page(405, 'Not allowed', ['Return to Harbor Mail.']);
}
