// The whole document of the message frame. Its own CSP is a second layer under the app's:
// even if sanitizing missed something, the frame may load nothing but inline styles and data:
// images, and can neither submit a form nor change its base URL.

export const frameContentSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const frameStyles = `
html { color-scheme: light; }
body { margin: 0; padding: 12px 16px; font: 14px/1.5 system-ui, sans-serif; color: #1d2330; background: #fff; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; }
img[data-remote-blocked] { outline: 1px dashed #b8bfcc; }
pre { white-space: pre-wrap; }
`;

/** `sanitizedHtml` must come from the message sanitizer: it is placed in the body as is. */
export function frameDocument(sanitizedHtml: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${frameContentSecurityPolicy}">`,
    '<meta name="referrer" content="no-referrer">',
    `<style>${frameStyles}</style>`,
    `</head><body>${sanitizedHtml}</body></html>`,
  ].join('');
}
