import { ScrubinError, toScrubinError } from '@scrubin/protocol';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { fromDatabaseError } from '../db/database-errors.js';

interface ValidatorError {
  status?: number;
  message?: string;
  errors?: { path?: string; message?: string }[];
  type?: string;
}

/**
 * Turns anything a route or middleware threw into a {@link ScrubinError}.
 * @param dbTimeoutMs the database deadline, named in `TIMEOUT` messages
 */
export function httpError(err: unknown, dbTimeoutMs: number): ScrubinError {
  if (err instanceof ScrubinError) return err;
  const e = err as ValidatorError;
  if (e?.type === 'entity.too.large') {
    return new ScrubinError('PAYLOAD_TOO_LARGE', 'The request body is too large', { cause: err });
  }
  if (e?.type === 'entity.parse.failed') {
    return new ScrubinError('VALIDATION_FAILED', 'The request body is not valid JSON', {
      cause: err,
    });
  }
  if (typeof e?.status === 'number' && Array.isArray(e.errors)) {
    const details = e.errors.map((x) => ({ path: x.path ?? '', message: x.message ?? '' }));
    if (e.status === 404 || e.status === 405) {
      return new ScrubinError(
        'NOT_FOUND',
        e.status === 404 ? 'No such endpoint' : 'Method not allowed here',
        { cause: err },
      );
    }
    if (e.status >= 400 && e.status < 500) {
      const summary = details
        .map((d) => `${d.path.replace(/^\/(body|query|params)\/?/, '$1 ')}: ${d.message}`)
        .join('; ');
      return new ScrubinError('VALIDATION_FAILED', `Invalid request: ${summary}`, {
        cause: err,
        details,
      });
    }
    // A response that breaks the contract (only checked when response validation is on).
    return new ScrubinError(
      'INTERNAL',
      `Response does not match openapi.yaml: ${e.message ?? ''}`,
      { cause: err, details },
    );
  }
  return toScrubinError(fromDatabaseError(err, dbTimeoutMs));
}

/** The one place that maps errors to HTTP responses. */
export function errorHandler(logger: Logger, dbTimeoutMs: number): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = httpError(err, dbTimeoutMs);
    if (e.code === 'INTERNAL') logger.error({ err, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res.status(e.status).json({ error: e.toBody() });
  };
}

/** 404 for unknown API paths, in the error format. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new ScrubinError('NOT_FOUND', `No endpoint ${req.method} ${req.path}`));
};
