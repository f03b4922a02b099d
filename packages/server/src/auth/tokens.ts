import { SignJWT, jwtVerify } from 'jose';
import { ScrubinError } from '@scrubin/protocol';

/** Who a valid token speaks for. */
export interface AuthUser {
  id: string;
  name: string;
}

/** Signs and verifies the platform's HS256 JWTs. */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttlS: number;

  constructor(secret: string, ttlS: number) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttlS = ttlS;
  }

  async sign(user: AuthUser): Promise<string> {
    return new SignJWT({ name: user.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuedAt()
      .setIssuer('scrubin')
      .setExpirationTime(`${this.#ttlS}s`)
      .sign(this.#key);
  }

  /** The token's user; throws `UNAUTHENTICATED` for anything else. */
  async verify(token: string | undefined): Promise<AuthUser> {
    if (!token) throw new ScrubinError('UNAUTHENTICATED', 'A bearer token is required');
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: 'scrubin',
        algorithms: ['HS256'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.name !== 'string') {
        throw new Error('token without subject or name');
      }
      return { id: payload.sub, name: payload.name };
    } catch (err) {
      throw new ScrubinError('UNAUTHENTICATED', 'The token is invalid or expired', { cause: err });
    }
  }
}
