// The renderer is served from app://harbor/ in Electron. Node's URL gives custom schemes an
// opaque origin ("null"), so scheme and host are compared instead of URL.origin.
export const appScheme = 'app';
export const appHost = 'harbor';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${appScheme}:` && url.host === appHost;
  } catch {
    return false;
  }
}
