/**
 * An error of the suite itself (never a target failure): a stable code, what was received, and a hint.
 * The CLI prints it as one line plus the hint and exits 2.
 */
export class SuiteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'SuiteError';
  }
}

export function isSuiteError(e: unknown): e is SuiteError {
  return e instanceof SuiteError;
}
