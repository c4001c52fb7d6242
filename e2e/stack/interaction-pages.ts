// The HTML the authorization server shows a person: sign-in, consent and error pages. Plain
// forms with inline styles; nothing is loaded from anywhere else.

const SCOPE_WORDS: Record<string, string> = {
  openid: 'Confirm who you are',
  email: 'See your email address',
  profile: 'See your name',
  offline_access: 'Stay signed in while you are away',
  'mail.imap': 'Read, organise and delete your mail',
  'mail.smtp': 'Send mail as you',
};

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:22rem;margin:4rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
label{display:block;margin-top:1rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1.25rem;padding:.5rem 1.25rem;font-size:1rem}.error{color:#b00020}`;

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${content}</main></body>
</html>`;
}

export function loginPage(opts: { uid: string; clientName: string; email: string; failed: boolean }): string {
  const uid = encodeURIComponent(opts.uid);
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<p>to continue to ${escapeHtml(opts.clientName)}</p>
${opts.failed ? '<p class="error" role="alert">Wrong email or password</p>' : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function consentPage(opts: { uid: string; clientName: string; email: string; scopes: string[] }): string {
  const uid = encodeURIComponent(opts.uid);
  const items = opts.scopes.map((scope) => `<li>${escapeHtml(SCOPE_WORDS[scope] ?? scope)}</li>`).join('\n');
  return page(
    'Allow access',
    `<h1>Allow access?</h1>
<p>${escapeHtml(opts.clientName)} wants to use your account ${escapeHtml(opts.email)} to:</p>
<ul>
${items}
</ul>
<form method="post" action="/interaction/${uid}/consent">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function errorPage(fields: Record<string, unknown>): string {
  const rows = Object.entries(fields)
    .filter(([, value]) => typeof value === 'string')
    .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`)
    .join('\n');
  return page('Something went wrong', `<h1>Something went wrong</h1>\n${rows}`);
}
