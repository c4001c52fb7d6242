import { isAppError } from '../../shared/errors';
import { ConfigError } from '../config/app-config';
import { failureKind } from '../logging/trace';
import { DatabaseTooNewError } from '../store/database';

/**
 * Why the main services did not start, for a person: the failure's own message where it was
 * written for people (a damaged store, a bad config file), else only its kind.
 */
export function startFailureText(error: unknown): string {
  if (isAppError(error) || error instanceof ConfigError || error instanceof DatabaseTooNewError) return error.message;
  return `An unexpected error stopped it (${failureKind(error)}).`;
}
