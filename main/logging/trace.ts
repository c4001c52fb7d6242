// Log lines about failures name the failure, never describe it: a library's message can carry a
// token, an address or a message's text, so only an error's name, its code, or the thrown value's type
// is written.

const word = /^[\w.-]{1,64}$/;

/** What failed, for a log line: "Error ECONNRESET", "AppError TIMEOUT", "TypeError", or "string" for a thrown non-Error. */
export function failureKind(error: unknown): string {
  if (!(error instanceof Error)) return error === null ? 'null' : typeof error;
  const name = word.test(error.name) ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && word.test(code) ? `${name} ${code}` : name;
}

/** Logs `what` and the kind of failure if the promise rejects; resolves to undefined then. */
export function traced<T>(promise: Promise<T>, what: string, log: (line: string) => void): Promise<T | undefined> {
  return promise.catch((error: unknown) => {
    log(`${what} failed (${failureKind(error)})`);
    return undefined;
  });
}
