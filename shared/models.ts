import { z } from 'zod';

export const hostName = z
  .string()
  .trim()
  .min(1, 'Enter a server name')
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'A server name has only letters, digits, dots and dashes, or is an IP address');

export const portNumber = z.number().int().min(1).max(65535);

export const transportSecurity = z.enum(['tls', 'starttls']);
export type TransportSecurity = z.infer<typeof transportSecurity>;

export const serverProbeInput = z.object({
  host: hostName,
  port: portNumber,
  security: transportSecurity.default('tls'),
  email: z.string().trim().email().max(320).optional(),
});
export type ServerProbeInput = z.input<typeof serverProbeInput>;
export type ParsedServerProbeInput = z.output<typeof serverProbeInput>;

export const serverProbeResult = z.object({
  host: z.string(),
  port: z.number(),
  tls: z.object({ protocol: z.string(), authorized: z.literal(true) }),
  capabilities: z.array(z.string()),
  authMechanisms: z.array(z.string()),
  oauth: z
    .object({
      openidConfigurationUrl: z.string().url(),
    })
    .nullable(),
});
export type ServerProbeResult = z.infer<typeof serverProbeResult>;

export const probeStep = z.object({
  host: z.string(),
  port: z.number(),
  step: z.enum(['connecting', 'tls-established', 'capabilities', 'oauth-discovery', 'done']),
});
export type ProbeStep = z.infer<typeof probeStep>;

export const providerSummary = z.object({
  id: z.string(),
  label: z.string(),
  issuer: z.string().url().nullable(),
  imap: z.object({ host: z.string(), port: z.number(), security: transportSecurity }).nullable(),
});
export type ProviderSummary = z.infer<typeof providerSummary>;

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
});
export type AppInfo = z.infer<typeof appInfo>;
