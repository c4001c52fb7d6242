import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { hostName, portNumber, transportSecurity } from '../../shared/models';

// The user's config folder holds config.json: provider client IDs (no hosted provider's ID can
// ship with the app) and, for the sandbox, extra trusted roots. Nothing in it is secret.

const endpoint = z.object({ host: hostName, port: portNumber, security: transportSecurity });

const providerConfig = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  issuer: z.string().url(),
  clientId: z.string().min(1),
  imap: endpoint,
  smtp: endpoint.optional(),
});

const configFile = z.object({
  providers: z.array(providerConfig).default([]),
  extraTrustedCaFiles: z.array(z.string()).default([]),
});

export type ProviderConfig = z.infer<typeof providerConfig>;

export interface AppConfig {
  configDir: string;
  providers: ProviderConfig[];
  /** PEM contents of extraTrustedCaFiles, read once at start. */
  extraCa: string[];
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
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON.`);
  }
}

export async function loadAppConfig(configDir: string): Promise<AppConfig> {
  const file = path.join(configDir, 'config.json');
  const parsed = configFile.safeParse(await readJson(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${file} is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const extraCa = await Promise.all(
    parsed.data.extraTrustedCaFiles.map((caFile) =>
      readFile(path.resolve(configDir, caFile), 'utf8').catch((error: Error) => {
        throw new ConfigError(`Cannot read the trusted certificate file ${caFile} named in ${file}: ${error.message}`);
      }),
    ),
  );
  return { configDir, providers: parsed.data.providers, extraCa };
}
