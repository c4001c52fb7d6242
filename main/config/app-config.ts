import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { hostName, portNumber, transportSecurity } from '../../shared/models';

// The user's config folder holds config.json: client IDs for the built-in providers (no hosted
// provider's ID can ship with the app), further providers such as the sandbox, and extra trusted
// roots. Nothing in it is a user secret. HARBOR_CLIENT_ID_<PROVIDER> in the environment also sets an ID.
// clientSecrets holds installed-app client secrets that a provider issues even though it documents
// them as not confidential (Google, Yahoo); HARBOR_CLIENT_SECRET_<PROVIDER> also sets one. They are
// still never logged or sent over IPC.

const endpoint = z.object({ host: hostName, port: portNumber, security: transportSecurity });

const providerConfig = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  issuer: z.string().url(),
  clientId: z.string().min(1),
  scopes: z.array(z.string().min(1)).default(['openid', 'email', 'offline_access']),
  authorizationParams: z.record(z.string(), z.string()).default({}),
  manageAccessUrl: z
    .string()
    .url()
    .refine((url) => url.startsWith('https://'), 'The manage-access page must be an https: URL')
    .optional(),
  imap: endpoint,
  smtp: endpoint.optional(),
});

// A DNS server for discovery: an IP address, with an optional port ("192.0.2.1:5353", "[2001:db8::1]:53").
const dnsServer = z.string().refine((value) => {
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(value);
  const address = match?.[1] ?? match?.[2] ?? value;
  const port = match?.[3] === undefined ? 53 : Number(match[3]);
  return isIP(address) !== 0 && port >= 1 && port <= 65535;
}, 'A DNS server is an IP address, optionally with a port');

// Where discovery from an email address looks: DNS servers for MX look-ups (default: the system's)
// and an autoconfig base (default: the domain's own Thunderbird-style locations).
const discoveryConfig = z.object({
  dnsServers: z.array(dnsServer).min(1).optional(),
  autoconfigBaseUrl: z
    .string()
    .url()
    .refine((url) => url.startsWith('https://'), 'The autoconfig base must be an https: URL')
    .optional(),
});

const configFile = z.object({
  providers: z.array(providerConfig).default([]),
  clientIds: z.record(z.string(), z.string().min(1)).default({}),
  clientSecrets: z.record(z.string(), z.string().min(1)).default({}),
  extraTrustedCaFiles: z.array(z.string()).default([]),
  discovery: discoveryConfig.default({}),
  sendRateLimit: z
    .object({ messages: z.number().int().positive(), perSeconds: z.number().int().positive() })
    .strict()
    .default({ messages: 30, perSeconds: 60 }),
  undoSendSeconds: z.number().min(0).max(30).default(5),
  // Development and tests only: lets "load remote images" reach loopback and private addresses.
  remoteImages: z
    .object({ allowPrivateNetwork: z.boolean().default(false) })
    .strict()
    .default({ allowPrivateNetwork: false }),
});

export type ProviderConfig = z.infer<typeof providerConfig>;

export interface AppConfig {
  configDir: string;
  providers: ProviderConfig[];
  /** Client IDs of built-in providers by provider id (config file, then environment). */
  clientIds: Record<string, string>;
  /** Non-confidential installed-app client secrets by provider id (config file, then environment). */
  clientSecrets: Record<string, string>;
  /** PEM contents of extraTrustedCaFiles, read once at start. */
  extraCa: string[];
  discovery: { dnsServers: string[] | null; autoconfigBaseUrl: string | null };
  remoteImages: { allowPrivateNetwork: boolean };
  /** At most this many messages per account in this many seconds. */
  sendRateLimit: { messages: number; perSeconds: number };
  /** How long a sent message waits in the outbox so it can be taken back. */
  undoSendSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new ConfigError(
        `Harbor Mail's folder ${path.dirname(file)} is a file, or is inside one. Move that file aside, then start Harbor Mail again.`,
      );
    }
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON.`);
  }
}

/**
 * A trusted certificate file's text. Opened without blocking and checked before reading: reading a
 * FIFO would wait for a writer forever, and a device or a folder is no certificate file.
 */
async function readCertificateFile(caFile: string, configFile: string): Promise<string> {
  let handle;
  try {
    handle = await open(caFile, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ConfigError(
      `Cannot read the trusted certificate file ${caFile} named in ${configFile}: ${(error as Error).message}`,
    );
  }
  try {
    if (!(await handle.stat()).isFile()) {
      throw new ConfigError(
        `The trusted certificate file ${caFile} named in ${configFile} is not a regular file (a FIFO, a folder or a device?). Name a PEM file there.`,
      );
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** The file's entries, overridden by `<prefix><PROVIDER>` environment variables. */
function withEnvironment(fromFile: Record<string, string>, prefix: string): Record<string, string> {
  const fromEnvironment = Object.entries(process.env)
    .filter(([name, value]) => name.startsWith(prefix) && value)
    .map(([name, value]) => [name.slice(prefix.length).toLowerCase(), value as string]);
  return { ...fromFile, ...Object.fromEntries(fromEnvironment) };
}

export async function loadAppConfig(configDir: string): Promise<AppConfig> {
  const file = path.join(configDir, 'config.json');
  const parsed = configFile.safeParse(await readJson(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${file} is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const extraCa = await Promise.all(
    parsed.data.extraTrustedCaFiles.map((caFile) => readCertificateFile(path.resolve(configDir, caFile), file)),
  );
  const { dnsServers, autoconfigBaseUrl } = parsed.data.discovery;
  return {
    configDir,
    providers: parsed.data.providers,
    clientIds: withEnvironment(parsed.data.clientIds, 'HARBOR_CLIENT_ID_'),
    clientSecrets: withEnvironment(parsed.data.clientSecrets, 'HARBOR_CLIENT_SECRET_'),
    extraCa,
    discovery: { dnsServers: dnsServers ?? null, autoconfigBaseUrl: autoconfigBaseUrl ?? null },
    remoteImages: parsed.data.remoteImages,
    sendRateLimit: parsed.data.sendRateLimit,
    undoSendSeconds: parsed.data.undoSendSeconds,
  };
}
