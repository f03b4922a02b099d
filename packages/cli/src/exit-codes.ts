import type { ErrorCode } from '@scrubin/protocol';

/** Documented exit codes of `scrubin`. */
export const EXIT = {
  OK: 0,
  /** Bad arguments or options, invalid input file. */
  USAGE: 1,
  /** Not found, refused, not allowed, full, ended. */
  REFUSED: 2,
  /** The server could not be reached. */
  UNREACHABLE: 3,
  /** An assertion (`--assert`, `--expect-hash`, a lesson's `assert`) failed. */
  ASSERTION: 4,
  /** Not signed in, or the token expired. */
  UNAUTHENTICATED: 5,
  /** `serve` stopped with events the database did not take: they are in a spill file. */
  SPILLED: 6,
  /** Anything unexpected. */
  INTERNAL: 10,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for a platform error code. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'PAYLOAD_TOO_LARGE':
      return EXIT.USAGE;
    case 'UNAUTHENTICATED':
      return EXIT.UNAUTHENTICATED;
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return EXIT.UNREACHABLE;
    case 'INTERNAL':
      return EXIT.INTERNAL;
    default:
      return EXIT.REFUSED;
  }
}
