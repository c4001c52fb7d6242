import { protocol } from 'electron';
import { appHost, appScheme } from '../main/security/app-origin';
import { contentSecurityPolicy, securityHeaders } from '../main/security/content-security-policy';
import { readStaticFile } from '../main/security/static-files';

/** Must run before the app is ready: app:// behaves like https (standard, secure). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from app://harbor/, with the app's CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  const headers = securityHeaders(contentSecurityPolicy());
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost || request.method !== 'GET') return new Response(null, { status: 403 });
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response(null, { status: 404, headers });
    return new Response(new Uint8Array(file.body), { headers: { ...headers, 'Content-Type': file.contentType } });
  });
}
