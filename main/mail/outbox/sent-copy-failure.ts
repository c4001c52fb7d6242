import { isAppError } from '../../../shared/errors';

/** Why the copy in Sent could not be made, in plain words: an AppError's own, else a general reason. */
export function sentCopyFailure(error: unknown): string {
  return isAppError(error) ? error.message : 'The mail server did not store the copy.';
}
