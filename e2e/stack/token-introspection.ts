// RFC 7662 token introspection as a resource server (the SMTP submission server) does it:
// POST the token with the confidential client's credentials (client_secret_basic).
import https from 'node:https';
import type { AuthServer } from './types';

/** The members of an RFC 7662 response that the submission server checks. */
export interface IntrospectionResult {
  active: boolean;
  scope?: string;
  email?: string;
}

export function introspectToken(
  introspection: AuthServer['introspection'],
  caPem: string,
  token: string,
): Promise<IntrospectionResult> {
  const body = new URLSearchParams({ token, token_type_hint: 'access_token' }).toString();
  // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
  const basic = Buffer.from(
    `${encodeURIComponent(introspection.clientId)}:${encodeURIComponent(introspection.clientSecret)}`,
  ).toString('base64');
  return new Promise((resolve, reject) => {
    const request = https.request(
      introspection.url,
      {
        method: 'POST',
        ca: caPem,
        timeout: 10_000,
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            reject(new Error(`introspection answered HTTP ${response.statusCode}`));
            return;
          }
          try {
            resolve(JSON.parse(text) as IntrospectionResult);
          } catch {
            reject(new Error('introspection answered with invalid JSON'));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('introspection timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

/** Whether the token grants `scope` to the mailbox `email` (scopes are space-separated). */
export function grants(result: IntrospectionResult, scope: string, email: string): boolean {
  return (
    result.active === true &&
    (result.scope ?? '').split(' ').includes(scope) &&
    (result.email ?? '').toLowerCase() === email.toLowerCase()
  );
}
