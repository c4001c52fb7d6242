import type { OutboxError } from '../../../shared/compose-models';
import { isAppError } from '../../../shared/errors';
import type { ServerCertificate } from '../../../shared/mail-models';
import { SmtpSendError } from '../smtp/smtp-send';

/** What to do with an outbox item after a failed try. */
export type FailureOutcome =
  | { next: 'retry'; error: OutboxError }
  | { next: 'fail'; error: OutboxError }
  | { next: 'possiblySent'; error: OutboxError }
  | { next: 'signIn'; error: OutboxError };

const plain = (kind: OutboxError['kind'], message: string, refusedRecipients: string[] = []): OutboxError => ({
  kind,
  message,
  refusedRecipients,
});

export const possiblySentError = plain(
  'possiblySent',
  'Harbor Mail stopped before the mail server confirmed this message. It may have been sent: check with the recipient, then send it again or delete it.',
);

const unconfirmedError = plain(
  'possiblySent',
  'The connection ended after the whole message had gone out, before the mail server confirmed it. It may have been sent: check with the recipient, then send it again or delete it.',
);

export const signInAgainError = plain(
  'signInAgain',
  'The mail server no longer accepts this account’s sign-in. Sign in again; the message waits in the outbox.',
);

const smtpAuthDisabled = (response: string) => /5\.7\.139|SmtpClientAuthentication is disabled/i.test(response);

/**
 * A failed submission in plain words, and whether to try again, stop, or wait for the user.
 * `refusedCertificate` is the server's certificate when the TLS failure is one the user may trust.
 */
export function classifySendFailure(
  error: unknown,
  refusedCertificate: ServerCertificate | null = null,
): FailureOutcome {
  if (isAppError(error)) {
    if (error.code === 'SIGN_IN_REQUIRED') return { next: 'signIn', error: signInAgainError };
    if (error.code === 'TLS_FAILED' && refusedCertificate) {
      return { next: 'retry', error: plain('untrustedCertificate', refusedCertificate.reason) };
    }
    return { next: 'retry', error: plain('offline', error.message) };
  }
  if (!(error instanceof SmtpSendError)) {
    return {
      next: 'retry',
      error: plain('temporary', 'Sending failed for an unexpected reason; it will be tried again.'),
    };
  }
  if (error.afterData) return { next: 'possiblySent', error: unconfirmedError };
  const { responseCode: reply, response } = error;
  if (smtpAuthDisabled(response)) {
    return {
      next: 'fail',
      error: plain(
        'smtpAuthDisabled',
        'Your organization’s administrator has turned off sending from mail apps (SMTP AUTH) for this account. Ask them to enable it, or send from the web.',
      ),
    };
  }
  if (error.code === 'EAUTH') return { next: 'signIn', error: signInAgainError };
  if (reply === 552 || /\bsize\b|too (large|big)/i.test(response) || error.code === 'EMESSAGE') {
    return {
      next: 'fail',
      error: plain(
        'tooLarge',
        'The mail server refused this message because it is too large. Remove or shrink attachments.',
      ),
    };
  }
  if (error.rejected.length && (reply === null || reply >= 500)) {
    return {
      next: 'fail',
      error: plain(
        'recipientRefused',
        `The mail server refused ${error.rejected.length === 1 ? 'this recipient' : 'these recipients'}: ${error.rejected.join(', ')}.`,
        error.rejected,
      ),
    };
  }
  if (reply !== null && reply >= 500) {
    return { next: 'fail', error: plain('refused', `The mail server refused this message (${reply}).`) };
  }
  if (reply !== null && reply >= 400) {
    return { next: 'retry', error: plain('temporary', `The mail server asked to try later (${reply}).`) };
  }
  return {
    next: 'retry',
    error: plain('offline', 'The mail server cannot be reached; the message will go out when it can.'),
  };
}
