const redacted = '[redacted]';

const jwt = /\beyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const authorizationScheme = /\b(Bearer|Basic)\s+\S+/gi;
const credentialParameter =
  /\b(refresh_token|access_token|id_token|token|code|code_verifier|client_secret|password)(["']?\s*[=:]\s*["']?)[^\s"'&,;}]+/gi;
const longRun = /[A-Za-z0-9+/_=-]{24,}/g;

/** Replaces anything in a human-readable text that looks like a token, key or password. */
export function redactSecrets(text: string): string {
  return (
    text
      .replace(jwt, redacted)
      .replace(authorizationScheme, `$1 ${redacted}`)
      .replace(credentialParameter, `$1$2${redacted}`)
      // Opaque tokens and their base64 or hex forms: long runs without spaces or dots. A run of
      // 24 or more characters with a digit in it is almost never prose; one of 40 or more never is.
      .replace(longRun, (run) => (run.length >= 40 || /\d/.test(run) ? redacted : run))
  );
}
