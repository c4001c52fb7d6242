import type { Session } from 'electron';
import { appScheme, isAppUrl } from '../../main/security/app-origin';

const allowedRequestSchemes = new Set([`${appScheme}:`, 'devtools:', 'data:']);

const guarded = new WeakSet<Session>();

/** Desktop notifications for new mail, asked for by the app's own top-level page: nothing else. */
function allowed(permission: string, url: string | undefined, isMainFrame: boolean | undefined): boolean {
  return permission === 'notifications' && isMainFrame === true && url !== undefined && isAppUrl(url);
}

/** Deny every permission but the app's notifications, and every request that is not the app's own (once per session). */
export function guardSession(session: Session): void {
  if (guarded.has(session)) return;
  guarded.add(session);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details?.requestingUrl, details?.isMainFrame)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, requestingOrigin, details?.isMainFrame),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      scheme = '';
    }
    callback({ cancel: !allowedRequestSchemes.has(scheme) });
  });
}
