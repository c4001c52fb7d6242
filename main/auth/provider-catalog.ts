import type { AppConfig } from '../config/app-config';
import { providerPresets, type Endpoint, type ProviderPreset } from './provider-presets';
import type { OAuthClientConfig } from './types';

export interface Provider {
  id: string;
  label: string;
  /** Null when no client ID is configured for this provider. */
  oauth: OAuthClientConfig | null;
  imap: Endpoint;
  smtp: Endpoint | null;
  manageAccessUrl: string | null;
}

/** The server quirks a preset declares, as OAuthClientConfig fields. */
function presetServerQuirks(
  preset: ProviderPreset,
): Pick<OAuthClientConfig, 'multiTenantIssuerTemplate' | 's256WithoutMetadata'> {
  return {
    ...(preset.multiTenantIssuerTemplate === undefined
      ? {}
      : { multiTenantIssuerTemplate: preset.multiTenantIssuerTemplate }),
    ...(preset.s256WithoutMetadata === undefined ? {} : { s256WithoutMetadata: preset.s256WithoutMetadata }),
  };
}

/** The provider's configured client secret, as an OAuthClientConfig field (none: a public client). */
function clientSecretFor(config: AppConfig, providerId: string): Pick<OAuthClientConfig, 'clientSecret'> {
  const clientSecret = config.clientSecrets[providerId];
  return clientSecret ? { clientSecret } : {};
}

/**
 * The built-in providers with their configured client IDs, then the configured extra ones. A
 * provider's `oauth` may carry its client secret: never send it over IPC or log it.
 */
export function providerCatalog(config: AppConfig): Provider[] {
  const builtIn = providerPresets.map((preset): Provider => {
    const clientId = config.clientIds[preset.id];
    return {
      id: preset.id,
      label: preset.label,
      oauth: clientId
        ? {
            issuer: preset.issuer,
            clientId,
            ...clientSecretFor(config, preset.id),
            scopes: preset.scopes,
            extraAuthorizationParams: preset.authorizationParams,
            ...presetServerQuirks(preset),
          }
        : null,
      imap: preset.imap,
      smtp: preset.smtp,
      manageAccessUrl: preset.manageAccessUrl,
    };
  });
  const configured = config.providers.map((entry): Provider => ({
    id: entry.id,
    label: entry.label,
    oauth: {
      issuer: entry.issuer,
      clientId: entry.clientId,
      ...clientSecretFor(config, entry.id),
      scopes: entry.scopes,
      extraAuthorizationParams: entry.authorizationParams,
    },
    imap: entry.imap,
    smtp: entry.smtp ?? null,
    manageAccessUrl: entry.manageAccessUrl ?? null,
  }));
  const configuredIds = new Set(configured.map((provider) => provider.id));
  return [...builtIn.filter((provider) => !configuredIds.has(provider.id)), ...configured];
}

export function missingClientIdMessage(provider: Provider): string {
  return `${provider.label} sign-in is not set up in this copy of Harbor Mail: it needs the client ID its distributor registered with ${provider.label}. Add it as "clientIds": { "${provider.id}": "…" } in config.json in the app's config folder, or set HARBOR_CLIENT_ID_${provider.id.toUpperCase()}.`;
}

/**
 * The server quirks (multi-tenant issuer template, S256) `provider` declares for `issuer`, for
 * an account signed in there: refresh and revocation check the server as sign-in did.
 */
export function serverQuirksOf(
  provider: Provider | undefined,
  issuer: string,
): Pick<OAuthClientConfig, 'multiTenantIssuerTemplate' | 's256WithoutMetadata'> {
  const oauth = provider?.oauth;
  if (!oauth || oauth.issuer !== issuer) return {};
  return {
    ...(oauth.multiTenantIssuerTemplate === undefined
      ? {}
      : { multiTenantIssuerTemplate: oauth.multiTenantIssuerTemplate }),
    ...(oauth.s256WithoutMetadata === undefined ? {} : { s256WithoutMetadata: oauth.s256WithoutMetadata }),
  };
}

/**
 * The client secret `provider` is configured with, for an account signed in at `issuer` as
 * `clientId`: refresh and revocation authenticate as sign-in did. None when the provider's
 * configuration no longer names that issuer and client.
 */
export function clientSecretOf(
  provider: Provider | undefined,
  issuer: string,
  clientId: string,
): Pick<OAuthClientConfig, 'clientSecret'> {
  const oauth = provider?.oauth;
  if (!oauth || oauth.issuer !== issuer || oauth.clientId !== clientId || oauth.clientSecret === undefined) return {};
  return { clientSecret: oauth.clientSecret };
}
