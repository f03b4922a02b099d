import { readFileSync } from 'node:fs';
/** Per-key token-bucket limit: `burst` tokens, refilled at `perSecond`. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

/** Rate limits of the server. Over a limit, the caller gets `RATE_LIMITED`; others are unaffected. */
export interface RateLimits {
  /** Login attempts per IP. @default { burst: 10, perSecond: 10 / 60 } */
  login: RateLimit;
  /** Registrations per IP. @default { burst: 10, perSecond: 10 / 60 } */
  register: RateLimit;
  /** Join and link-preview attempts per IP (guessing codes). @default { burst: 30, perSecond: 30 / 60 } */
  join: RateLimit;
  /** Session creations per user. @default { burst: 20, perSecond: 20 / 60 } */
  create: RateLimit;
  /** Sequenced instrument, control and join events per socket. @default { burst: 120, perSecond: 60 } */
  socketEvents: RateLimit;
  /** Cursor updates per socket (clients send ≤30 Hz). @default { burst: 60, perSecond: 45 } */
  socketCursor: RateLimit;
  /** Chat messages per socket. @default { burst: 10, perSecond: 2 } */
  socketChat: RateLimit;
  /** Voice signalling messages per socket. @default { burst: 100, perSecond: 50 } */
  socketVoice: RateLimit;
}

/** Event log settings (see docs/protocol.md, "Durability"). */
export interface EventLogOptions {
  /**
   * Group commit: events arriving within this many milliseconds of the last commit are stored
   * together in one write, then acked and broadcast. @default 8
   */
  commitIntervalMs: number;
  /** Entries in one commit at most. @default 2000 */
  maxBatch: number;
  /**
   * Entries waiting to be stored at most; beyond it, new events are refused with `UNAVAILABLE`.
   * Env `EVENT_LOG_MAX_QUEUE`. @default 50000
   */
  maxQueue: number;
  /** Longest wait between retries while the database is away. @default 1000 */
  maxBackoffMs: number;
  /**
   * An event not stored within this time is answered `TIMEOUT` (it stays queued and may still be
   * stored and broadcast). @default 5000
   */
  ackTimeoutMs: number;
  /** Fold the journal into per-session buckets once its oldest entry is this old. @default 30000 */
  compactAfterMs: number;
  /** … or once it holds this many entries. @default 20000 */
  compactEntries: number;
  /** On shutdown, keep storing for this long before spilling the rest to a file. @default 10000 */
  shutdownFlushMs: number;
  /**
   * Folder for spill files (events a shutdown could not store; imported by the next start).
   * Env `DATA_DIR`. @default './scrubin-data'
   */
  dataDir: string;
  /**
   * Collection layout of the log: `partitioned` keeps every collection small (the embedded
   * store's costs grow with each collection's size), `single` uses one journal and one indexed
   * bucket collection (MongoDB). A database keeps the layout it was first written with.
   * Env `EVENT_LOG_LAYOUT`. @default 'auto' (partitioned on the embedded store)
   */
  layout: 'auto' | 'partitioned' | 'single';
}

/** A STUN or TURN server handed to browsers for voice (the shape of WebRTC's `RTCIceServer`). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** A certificate and its private key, PEM. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** Options of {@link startServer}. Every field has a default; `fromEnv` reads them from the environment. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one. Env `PORT`. @default 3000 */
  port: number;
  /** Interface to listen on. Env `HOST`. @default '0.0.0.0' */
  host: string;
  /** MongoDB connection string; unset starts the embedded in-memory database. Env `MONGODB_URI`. */
  mongodbUri?: string;
  /**
   * Deadline of every database operation (server selection, connection, reply): past it the
   * request fails with `TIMEOUT` instead of waiting on a stalled database. Env `DB_TIMEOUT_MS`.
   * @default 5000
   */
  dbTimeoutMs: number;
  /** HMAC secret for JWTs. Env `JWT_SECRET`. @default a random secret per process (tokens die with it) */
  jwtSecret: string;
  /** Token lifetime, seconds. Env `JWT_TTL_S`. @default 604800 (7 days) */
  jwtTtlS: number;
  /** Origin put in share links. Env `PUBLIC_URL`. @default `http://localhost:<port>` */
  publicUrl?: string;
  /** Allowed CORS origins, `*` for any. Env `CORS_ORIGINS` (comma separated). @default '*' */
  corsOrigins: string[] | '*';
  /**
   * Folder of the built XR client, served at `/surgery-simulation`. Env `CLIENT_DIR`.
   * @default packages/xr-client/dist of this checkout, when it exists
   */
  clientDir?: string;
  /** Validate every response against openapi.yaml (tests). Env `VALIDATE_RESPONSES=1`. @default false */
  validateResponses: boolean;
  /** A dropped participant keeps the seat this long before it is released. Env `SEAT_HOLD_MS`. @default 120000 */
  seatHoldMs: number;
  /**
   * STUN/TURN servers for voice, given to clients by `GET /api/rtc-config`. Env `ICE_SERVERS`
   * (JSON array of `{ urls, username?, credential? }`).
   * @default [] (host candidates only: enough on one LAN or machine)
   */
  iceServers: IceServer[];
  /** Trust `X-Forwarded-For` from this many proxies. Env `TRUST_PROXY`. @default 0 */
  trustProxy: number;
  /**
   * Serve HTTPS (and WSS) with this certificate: browsers offer WebXR and the microphone only to
   * secure pages, so a headset on the LAN needs it. Env `TLS_CERT_FILE` and `TLS_KEY_FILE`.
   * @default unset: plain HTTP
   */
  tls?: TlsFiles;
  /** pino log level. Env `LOG_LEVEL`. @default 'info' ('silent' under vitest) */
  logLevel: string;
  rateLimits: RateLimits;
  eventLog: EventLogOptions;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  login: { burst: 10, perSecond: 10 / 60 },
  register: { burst: 10, perSecond: 10 / 60 },
  join: { burst: 30, perSecond: 30 / 60 },
  create: { burst: 20, perSecond: 20 / 60 },
  socketEvents: { burst: 120, perSecond: 60 },
  socketCursor: { burst: 60, perSecond: 45 },
  socketChat: { burst: 10, perSecond: 2 },
  socketVoice: { burst: 100, perSecond: 50 },
};

const UNLIMITED: RateLimit = { burst: 1_000_000, perSecond: 1_000_000 };
/** Every limit out of the way, for tests and benchmarks that are not about limits. */
export const NO_RATE_LIMITS: RateLimits = {
  login: UNLIMITED,
  register: UNLIMITED,
  join: UNLIMITED,
  create: UNLIMITED,
  socketEvents: UNLIMITED,
  socketCursor: UNLIMITED,
  socketChat: UNLIMITED,
  socketVoice: UNLIMITED,
};

export const DEFAULT_EVENT_LOG: EventLogOptions = {
  commitIntervalMs: 8,
  maxBatch: 2000,
  maxQueue: 50_000,
  maxBackoffMs: 1000,
  ackTimeoutMs: 5000,
  compactAfterMs: 30_000,
  compactEntries: 20_000,
  shutdownFlushMs: 10_000,
  dataDir: 'scrubin-data',
  layout: 'auto',
};

/** Input of {@link resolveOptions}: any subset, limits merged per key. */
export type ServerOptionsInput = Partial<Omit<ServerOptions, 'rateLimits' | 'eventLog'>> & {
  rateLimits?: Partial<RateLimits>;
  eventLog?: Partial<EventLogOptions>;
};

/** Merges options over the defaults, once. */
export function resolveOptions(input: ServerOptionsInput = {}): ServerOptions {
  return {
    port: input.port ?? 3000,
    host: input.host ?? '0.0.0.0',
    mongodbUri: input.mongodbUri,
    dbTimeoutMs: input.dbTimeoutMs ?? 5000,
    jwtSecret: input.jwtSecret ?? randomSecret(),
    jwtTtlS: input.jwtTtlS ?? 7 * 24 * 3600,
    publicUrl: input.publicUrl,
    corsOrigins: input.corsOrigins ?? '*',
    clientDir: input.clientDir,
    validateResponses: input.validateResponses ?? false,
    seatHoldMs: input.seatHoldMs ?? 120_000,
    iceServers: input.iceServers ?? [],
    trustProxy: input.trustProxy ?? 0,
    tls: input.tls,
    // Tests stay quiet unless asked otherwise.
    logLevel: input.logLevel ?? (process.env.VITEST ? 'silent' : 'info'),
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...input.rateLimits },
    eventLog: { ...DEFAULT_EVENT_LOG, ...definedOnly(input.eventLog ?? {}) },
  };
}

/** Reads options from environment variables (see the README's configuration table). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerOptionsInput {
  const int = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  const origins = env.CORS_ORIGINS?.trim();
  return {
    port: int(env.PORT),
    host: env.HOST || undefined,
    mongodbUri: env.MONGODB_URI || undefined,
    dbTimeoutMs: int(env.DB_TIMEOUT_MS),
    jwtSecret: env.JWT_SECRET || undefined,
    jwtTtlS: int(env.JWT_TTL_S),
    publicUrl: env.PUBLIC_URL || undefined,
    corsOrigins:
      origins === undefined || origins === '' || origins === '*'
        ? undefined
        : origins.split(',').map((o) => o.trim()),
    clientDir: env.CLIENT_DIR || undefined,
    validateResponses: env.VALIDATE_RESPONSES === '1' || undefined,
    seatHoldMs: int(env.SEAT_HOLD_MS),
    iceServers: parseIceServers(env.ICE_SERVERS),
    trustProxy: int(env.TRUST_PROXY),
    tls: readTlsFiles(env.TLS_CERT_FILE, env.TLS_KEY_FILE),
    logLevel: env.LOG_LEVEL || undefined,
    eventLog: {
      maxQueue: positiveInt('EVENT_LOG_MAX_QUEUE', env.EVENT_LOG_MAX_QUEUE),
      dataDir: env.DATA_DIR || undefined,
      layout: parseLayout(env.EVENT_LOG_LAYOUT),
    },
  };
}

/**
 * Reads `TLS_CERT_FILE` and `TLS_KEY_FILE` (PEM files); both or neither.
 * @throws Error naming the variable when one is missing or cannot be read.
 */
export function readTlsFiles(
  certFile: string | undefined,
  keyFile: string | undefined,
): TlsFiles | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    const missing = certFile ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE';
    throw new Error(`${missing} is missing: HTTPS needs both TLS_CERT_FILE and TLS_KEY_FILE`);
  }
  const read = (variable: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`${variable}: cannot read ${path}: ${(err as Error).message}`);
    }
  };
  return { cert: read('TLS_CERT_FILE', certFile), key: read('TLS_KEY_FILE', keyFile) };
}

/**
 * Reads `ICE_SERVERS`: a JSON array of `{ urls, username?, credential? }`.
 * @throws Error naming the variable when the value is not such an array.
 */
export function parseIceServers(value: string | undefined): IceServer[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const problem = `ICE_SERVERS must be a JSON array of { urls, username?, credential? }`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new Error(`${problem}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${problem}; got ${typeof parsed}`);
  return parsed.map((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const urls = e.urls;
    const urlsOk =
      (typeof urls === 'string' && urls !== '') ||
      (Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === 'string'));
    const optional = (v: unknown) => v === undefined || typeof v === 'string';
    if (typeof entry !== 'object' || !urlsOk || !optional(e.username) || !optional(e.credential)) {
      throw new Error(`${problem}; entry ${i} is ${JSON.stringify(entry)}`);
    }
    const server: IceServer = { urls: urls as string | string[] };
    if (typeof e.username === 'string') server.username = e.username;
    if (typeof e.credential === 'string') server.credential = e.credential;
    return server;
  });
}

function randomSecret(): string {
  return crypto.randomUUID() + crypto.randomUUID();
}

function parseLayout(value: string | undefined): EventLogOptions['layout'] | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'auto' || value === 'partitioned' || value === 'single') return value;
  throw new Error(`EVENT_LOG_LAYOUT must be auto, partitioned or single; got ${value}`);
}

/** The fields that are set, so an unset environment variable keeps its default. */
function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive integer; got ${value}`);
  return n;
}
