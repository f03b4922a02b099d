import { ScrubinError } from '@scrubin/protocol';
import { Router } from 'express';
import type { Models, UserDoc } from '../../db/models.js';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import type { TokenService } from '../../auth/tokens.js';
import type { KeyedRateLimiter } from '../../limits/token-bucket.js';
import { clientIp, rateLimit, requireUser, userOf } from '../middleware.js';

export interface AuthRouteDeps {
  models: Models;
  tokens: TokenService;
  loginLimiter: KeyedRateLimiter;
  registerLimiter: KeyedRateLimiter;
}

const userView = (u: UserDoc) => ({
  id: u._id.toString(),
  email: u.email,
  name: u.name,
  createdAt: new Date(u.createdAt).toISOString(),
});

/** register, login, me. */
export function authRoutes({
  models,
  tokens,
  loginLimiter,
  registerLimiter,
}: AuthRouteDeps): Router {
  const router = Router();

  router.post('/register', rateLimit(registerLimiter, clientIp), async (req, res) => {
    const { email, password, name } = req.body as { email: string; password: string; name: string };
    const passwordHash = await hashPassword(password);
    let user: UserDoc;
    try {
      user = (
        await models.User.create({
          email: email.trim().toLowerCase(),
          name: name.trim(),
          passwordHash,
        })
      ).toObject();
    } catch (err) {
      if ((err as { code?: number }).code === 11000) {
        throw new ScrubinError('EMAIL_TAKEN', 'An account with this email already exists');
      }
      throw err;
    }
    const view = userView(user);
    res
      .status(201)
      .json({ token: await tokens.sign({ id: view.id, name: view.name }), user: view });
  });

  router.post('/login', rateLimit(loginLimiter, clientIp), async (req, res) => {
    const { email, password } = req.body as { email: string; password: string };
    const user = await models.User.findOne({ email: email.trim().toLowerCase() }).lean<UserDoc>();
    // Same answer for an unknown email and a wrong password.
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new ScrubinError('UNAUTHENTICATED', 'Wrong email or password');
    }
    const view = userView(user);
    res.json({ token: await tokens.sign({ id: view.id, name: view.name }), user: view });
  });

  router.get('/me', requireUser(tokens), async (_req, res) => {
    const auth = userOf(res);
    const user = /^[a-f0-9]{24}$/.test(auth.id)
      ? await models.User.findById(auth.id).lean<UserDoc>()
      : null;
    if (!user)
      throw new ScrubinError('UNAUTHENTICATED', 'The account of this token no longer exists');
    res.json({ user: userView(user) });
  });

  return router;
}
