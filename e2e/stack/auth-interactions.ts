// The authorization server's own sign-in and consent steps (oidc-provider "interactions"):
//   GET  /interaction/:uid          the sign-in form or the consent question
//   POST /interaction/:uid/login    checks email and password against the stack's users
//   POST /interaction/:uid/consent  Allow records a grant, Deny ends with access_denied
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Interaction, Provider } from 'oidc-provider';
import { consentPage, errorPage, loginPage } from './interaction-pages';
import type { StackUser } from './types';

const MAX_FORM_BYTES = 16 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|consent))?$/;
/** Prompts answered by the sign-in form: choosing an account here means signing in to it. */
const SIGN_IN_PROMPTS = new Set(['login', 'select_account']);

export function isInteractionPath(pathname: string): boolean {
  return pathname.startsWith('/interaction/');
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No form-action: the browser must follow the redirects to the app's loopback address.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}

function stringParam(interaction: Interaction, name: string): string {
  const value = interaction.params[name];
  return typeof value === 'string' ? value : '';
}

async function clientName(provider: Provider, interaction: Interaction): Promise<string> {
  const clientId = stringParam(interaction, 'client_id');
  const client = await provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}

async function grantConsent(provider: Provider, interaction: Interaction): Promise<string> {
  const { details } = interaction.prompt;
  const accountId = interaction.session?.accountId;
  if (!accountId) throw new Error('consent asked without a signed-in account');
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId: stringParam(interaction, 'client_id') });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  return grant.save();
}

async function showPrompt(provider: Provider, interaction: Interaction, res: ServerResponse): Promise<void> {
  const name = await clientName(provider, interaction);
  if (SIGN_IN_PROMPTS.has(interaction.prompt.name)) {
    const email = stringParam(interaction, 'login_hint');
    sendHtml(res, 200, loginPage({ uid: interaction.uid, clientName: name, email, failed: false }));
  } else if (interaction.prompt.name === 'consent') {
    const scopes = stringParam(interaction, 'scope').split(' ').filter(Boolean);
    const email = interaction.session?.accountId ?? '';
    sendHtml(res, 200, consentPage({ uid: interaction.uid, clientName: name, email, scopes }));
  } else {
    sendHtml(res, 400, errorPage({ error: 'unsupported_prompt', prompt: interaction.prompt.name }));
  }
}

async function submitLogin(
  provider: Provider,
  users: StackUser[],
  interaction: Interaction,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const email = form.get('email')?.trim() ?? '';
  const user = users.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
  if (!user || user.password !== form.get('password')) {
    const name = await clientName(provider, interaction);
    sendHtml(res, 401, loginPage({ uid: interaction.uid, clientName: name, email, failed: true }));
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.email }, select_account: {} },
    { mergeWithLastSubmission: false },
  );
}

async function submitConsent(
  provider: Provider,
  interaction: Interaction,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  if (form.get('decision') !== 'allow') {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user denied the request' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const grantId = await grantConsent(provider, interaction);
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export async function handleInteraction(
  provider: Provider,
  users: StackUser[],
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const match = ROUTE.exec(pathname);
  const action = match?.[2];
  const expectedMethod = action ? 'POST' : 'GET';
  if (!match || req.method !== expectedMethod) {
    sendHtml(res, 404, errorPage({ error: 'not_found' }));
    return;
  }
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch {
    sendHtml(
      res,
      400,
      errorPage({ error: 'invalid_request', error_description: 'This sign-in has expired; start again.' }),
    );
    return;
  }
  if (interaction.uid !== match[1]) {
    sendHtml(res, 400, errorPage({ error: 'invalid_request', error_description: 'This sign-in does not match.' }));
    return;
  }
  const promptName = interaction.prompt.name;
  if (action === 'login' && SIGN_IN_PROMPTS.has(promptName)) {
    await submitLogin(provider, users, interaction, req, res);
  } else if (action === 'consent' && promptName === 'consent') {
    await submitConsent(provider, interaction, req, res);
  } else if (action === undefined) {
    await showPrompt(provider, interaction, res);
  } else {
    sendHtml(res, 400, errorPage({ error: 'invalid_request', error_description: 'Unexpected step for this sign-in.' }));
  }
}
