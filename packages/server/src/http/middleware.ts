import { ScrubinError } from '@scrubin/protocol';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthUser, TokenService } from '../auth/tokens.js';
import type { KeyedRateLimiter } from '../limits/token-bucket.js';

/** The authenticated user of a request (set by {@link requireUser}). */
export function userOf(res: Response): AuthUser {
  return res.locals.user as AuthUser;
}

/** Requires `Authorization: Bearer <jwt>`. */
export function requireUser(tokens: TokenService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    res.locals.user = await tokens.verify(token);
    next();
  };
}

/** Refuses with `RATE_LIMITED` and `Retry-After` once `key` has used its bucket. */
export function rateLimit(
  limiter: KeyedRateLimiter,
  key: (req: Request, res: Response) => string,
): RequestHandler {
  return (req, res, next) => {
    const waitS = limiter.take(key(req, res));
    if (waitS === 0) return next();
    res.setHeader('Retry-After', String(waitS));
    next(new ScrubinError('RATE_LIMITED', `Too many attempts; retry in ${waitS} s`));
  };
}

/** The client's address, as Express resolves it under the `trust proxy` setting. */
export const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
