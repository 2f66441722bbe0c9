/**
 * One error type for everything storyline rejects, with a stable `code` that
 * callers (and the CLI's exit status) can branch on. Messages name the input
 * or option at fault and say what to do about it.
 */

export type ErrorCode =
  /** An option is missing, of the wrong type or out of range. */
  | 'INVALID_OPTION'
  /** The corpus path does not exist or is neither a folder nor a JSONL file. */
  | 'INVALID_SOURCE'
  /** Two signatures made with different settings were compared. */
  | 'INCOMPATIBLE_SIGNATURES'
  /** Bytes given to `MinHashSignature.fromBytes` are not a signature. */
  | 'INVALID_SIGNATURE'
  /** A worker thread failed; its documents are reported in `errors`. */
  | 'WORKER_FAILED'
  /** A corpus read a second time (for snippets or a report's texts) was not what the first read found. */
  | 'SOURCE_CHANGED'
  /** An id given to `explain` is not a document of the corpus. */
  | 'UNKNOWN_ID';

export class StorylineError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'StorylineError';
    this.code = code;
  }
}

export function invalidOption(name: string, expected: string, got: unknown): StorylineError {
  return new StorylineError(
    'INVALID_OPTION',
    `options.${name} must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`,
  );
}
