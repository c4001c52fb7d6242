// Sign-in at any standards-compliant mail server, with no client ID configured in advance
// (draft-ietf-mailmaint-oauth-public): the IMAP server names its issuer, the app checks the
// issuer's metadata, registers itself there (RFC 7591) and signs in as with any provider.
import { AppError } from '../../shared/errors';
import type { ParsedServerProbeInput, ParsedServerSignInInput, ServerProbeResult } from '../../shared/models';
import type { SecretStore } from '../secrets/secret-store';
import { beginSignIn } from './authorization-flow';
import { registeredClientId } from './client-registration';
import { issuerFromConfigurationUrl, scopesForServer } from './server-announcement';
import { discoverServer } from './server-discovery';
import { serverProviderId } from '../../shared/server-provider';
import type { SignInTarget } from './sign-in-service';
import { createTrustedFetch } from './trusted-fetch';

export interface ServerSignInDependencies {
  secrets: SecretStore;
  probe(input: ParsedServerProbeInput): Promise<ServerProbeResult>;
}

const DEFAULT_SMTP = { port: 465, security: 'tls' } as const;

export function serverSignInTarget(
  input: ParsedServerSignInInput,
  dependencies: ServerSignInDependencies,
): SignInTarget {
  const { email, imap } = input;
  return {
    providerId: serverProviderId(imap.host),
    label: imap.host,
    imap,
    smtp: input.smtp ?? { host: imap.host, ...DEFAULT_SMTP },
    // The account is keyed on the ID token's address; the one the person typed must be it.
    expectedEmail: email,
    async begin(browserStep) {
      const probed = await dependencies.probe({ ...imap, email });
      if (probed.oauth === null) {
        throw new AppError(
          'SIGN_IN_FAILED',
          `This server does not offer OAuth sign-in (${imap.host} announced no sign-in service when asked). Use an app password from your mail provider instead.`,
        );
      }
      const issuer = issuerFromConfigurationUrl(probed.oauth.openidConfigurationUrl);
      const fetch = createTrustedFetch(browserStep.trust);
      const metadata = await discoverServer(issuer, fetch);
      const clientId = await registeredClientId(metadata, { secrets: dependencies.secrets, fetch });
      const scopes = scopesForServer(probed.oauth.scope, metadata.scopes_supported);
      // Servers like oidc-provider issue a refresh token only on an explicit consent.
      return beginSignIn({ issuer, clientId, scopes }, { ...browserStep, loginHint: email, prompt: 'consent' });
    },
  };
}
