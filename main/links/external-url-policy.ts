// Which URLs the app may hand to the system (browser or mail handler). Parsed, never matched
// with string prefixes: `smb:`, `file:`, `javascript:` and friends never get through.
const allowedSchemes = new Set(['http:', 'https:', 'mailto:']);
const forbiddenMailtoFields = new Set(['attach', 'attachment', 'attachments']);

export type UrlVerdict = { allowed: true; href: string } | { allowed: false; reason: string };

export function checkExternalUrl(raw: string): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'That is not a valid link.' };
  }
  if (!allowedSchemes.has(url.protocol)) {
    return { allowed: false, reason: `Links of type "${url.protocol.replace(/:$/, '')}" are not opened.` };
  }
  if (url.protocol === 'mailto:') {
    for (const key of url.searchParams.keys()) {
      if (forbiddenMailtoFields.has(key.toLowerCase())) {
        return { allowed: false, reason: 'Mail links that attach files are not opened.' };
      }
    }
    return { allowed: true, href: url.href };
  }
  if (!url.hostname) return { allowed: false, reason: 'That link has no host.' };
  if (url.username || url.password)
    return { allowed: false, reason: 'Links with embedded credentials are not opened.' };
  return { allowed: true, href: url.href };
}
