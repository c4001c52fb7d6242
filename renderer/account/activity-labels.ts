/** What each kind of activity entry is, in a word or two, in front of its sentence. */
const labels: Record<string, string> = {
  'sign-in': 'Signed in',
  refresh: 'Access renewed',
  'refresh-failed': 'Renewal failed',
  'sign-in-required': 'Sign-in needed',
  revoked: 'Access revoked',
  'revocation-pending': 'Revocation pending',
  'revocation-unsupported': 'Not revoked',
  'sign-out': 'Signed out',
  'removed-without-revoking': 'Removed',
  send: 'Sent',
  'sent-copy-pending': 'Sent copy waiting',
  'certificate-trusted': 'Certificate trusted',
  'login-failed': 'Login refused',
  error: 'Problem',
};

export const activityLabel = (kind: string): string => labels[kind] ?? 'Activity';
