// Error codes that may cross the IPC boundary. Messages are written for people and never
// carry secrets, hostnames of internal services aside from what the user typed, or stack traces.
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'FORBIDDEN_SENDER',
  'FORBIDDEN_URL',
  'CONNECTION_FAILED',
  'TLS_FAILED',
  'TIMEOUT',
  'PROTOCOL_ERROR',
  'SIGN_IN_CANCELLED',
  'SIGN_IN_TIMED_OUT',
  'ACCESS_DENIED',
  'ADMIN_CONSENT_REQUIRED',
  'SIGN_IN_FAILED',
  'SIGN_IN_REQUIRED',
  'KEYCHAIN_UNAVAILABLE',
  'REVOCATION_PENDING',
  'NOT_CONFIGURED',
  'NOT_FOUND',
  'ENGINE_STOPPED',
  /** The local store is damaged, unreadable or unwritable; the message names the file and what to do. */
  'STORE_UNAVAILABLE',
  'DISK_FULL',
  'UNSENT_MAIL',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
}

/** An error a service throws on purpose: its code and message are safe to show. */
export class AppError extends Error implements AppErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
