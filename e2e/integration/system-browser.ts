// Plays the system browser for stack tests: follows an authorization URL over HTTPS (trusting the
// stack's CA), signs in and answers the consent page, and loads the loopback redirect like a
// browser would.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';
import type { ExternalOpener } from '../../main/links/external-opener';
import { authorize, type BrowserLogin } from '../stack/oauth-test-client';
import type { MailStack, StackUser } from '../stack/types';

export interface LoopbackPage {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Signs in and consents; returns where the server redirects the browser, without loading it. */
export function redirectFromServer(authorizationUrl: string, login: BrowserLogin): Promise<URL> {
  const url = new URL(authorizationUrl);
  const redirectUri = url.searchParams.get('redirect_uri');
  if (redirectUri === null) throw new Error('the authorization URL has no redirect_uri');
  return authorize(login, url, new URL(redirectUri));
}

export function loadLoopbackPage(url: URL | string): Promise<LoopbackPage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The whole browser part of a sign-in: the server's pages, then the app's completion page. */
export async function completeInBrowser(authorizationUrl: string, login: BrowserLogin): Promise<LoopbackPage> {
  return loadLoopbackPage(await redirectFromServer(authorizationUrl, login));
}

/**
 * The system browser as the app's external opener: completes each authorization the app opens as
 * the stack user its login_hint names (else `user`), consenting.
 */
export function signingInAs(stack: MailStack, user: StackUser): ExternalOpener {
  return {
    open: async (url) => {
      const email = new URL(url).searchParams.get('login_hint') ?? user.email;
      const who = stack.users.find((candidate) => candidate.email === email) ?? user;
      void completeInBrowser(url, {
        issuer: stack.auth.issuer,
        caPem: stack.ca.caPem,
        email: who.email,
        password: who.password,
        consent: 'allow',
      });
    },
  };
}
