import { ScrubinError, isErrorCode, type ErrorCode } from '@scrubin/protocol';

/** The error code a bare HTTP status stands for, when a response carries no error body. */
export function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'INVALID_STATE';
    case 410:
      return 'SESSION_ENDED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'TIMEOUT';
    default:
      return status >= 400 && status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
  }
}

/** Reads `{ code, message, details? }` out of an error body, or `undefined` if it is not one. */
export function errorBodyOf(
  value: unknown,
): { code: ErrorCode; message: string; details?: unknown } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { code, message, details } = value as Record<string, unknown>;
  if (!isErrorCode(code)) return undefined;
  return { code, message: typeof message === 'string' ? message : code, details };
}

/**
 * Turns a failed REST response into a {@link ScrubinError}: the code and message of its
 * `{ error: { code, message, details? } }` body, else a code derived from the status. For
 * 429 answers, `details.retryAfterS` carries the `Retry-After` header when the body has none.
 */
export function errorFromResponse(body: unknown, response: Response): ScrubinError {
  const parsed = errorBodyOf((body as { error?: unknown } | undefined)?.error);
  const cause = { status: response.status, url: response.url };
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  if (parsed !== undefined) {
    const details =
      parsed.details === undefined && Number.isFinite(retryAfter)
        ? { retryAfterS: retryAfter }
        : parsed.details;
    return new ScrubinError(parsed.code, parsed.message, { cause, details });
  }
  const code = codeOfStatus(response.status);
  return new ScrubinError(code, `HTTP ${response.status} ${response.statusText}`.trim(), {
    cause,
    details: Number.isFinite(retryAfter) ? { retryAfterS: retryAfter } : undefined,
  });
}

/** Turns the `error` of a failed ack (`{ ok: false, error }`) into a {@link ScrubinError}. */
export function errorFromAck(error: unknown, event: string): ScrubinError {
  const parsed = errorBodyOf(error);
  if (parsed === undefined) return new ScrubinError('INTERNAL', `Malformed ack of ${event}`);
  return new ScrubinError(parsed.code, parsed.message, { details: parsed.details });
}

/** The error of an ack that did not arrive in time. */
export function ackTimeoutError(event: string, timeoutMs: number): ScrubinError {
  return new ScrubinError('TIMEOUT', `No answer to ${event} within ${timeoutMs} ms`, {
    details: { event, timeoutMs },
  });
}

/** The error of a request cut short because the connection went away or the handle closed. */
export function connectionLostError(event: string, why: string): ScrubinError {
  return new ScrubinError('UNAVAILABLE', `${event} not answered: ${why}`, { details: { event } });
}
