/**
 * Every error the platform reports, over REST (`{ error: { code, message } }`) and in
 * Socket.IO acks (`{ ok: false, error: { code, message } }`), with its HTTP status.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SESSION_FULL: 409,
  INVALID_STATE: 409,
  RESYNC_REQUIRED: 409,
  SESSION_ENDED: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;

/** One of the codes of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The error object inside every failed REST response and failed ack. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Machine-readable specifics, e.g. the failing fields of a validation error. */
  details?: unknown;
}

/** The HTTP status for an error code. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** Whether a string is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/**
 * The one error class of the platform's boundaries: it carries a code from the table and,
 * optionally, what caused it.
 */
export class ScrubinError extends Error {
  override readonly name = 'ScrubinError';
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }

  /** HTTP status of this error's code. */
  get status(): number {
    return httpStatusOf(this.code);
  }

  /** The wire form: `{ code, message, details? }`. */
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into a {@link ScrubinError}; unknown failures become `INTERNAL`. */
export function toScrubinError(err: unknown): ScrubinError {
  if (err instanceof ScrubinError) return err;
  if (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    isErrorCode((err as { code: unknown }).code) &&
    'message' in err
  ) {
    const e = err as { code: ErrorCode; message: unknown; details?: unknown };
    return new ScrubinError(e.code, String(e.message), { cause: err, details: e.details });
  }
  return new ScrubinError('INTERNAL', 'Internal error', { cause: err });
}
