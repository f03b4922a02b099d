/**
 * Integration-test helpers: a disposable real server on a real embedded database, a raw `fetch`
 * REST client typed from openapi.yaml, and raw Socket.IO clients. Deliberately not the SDK: these
 * tests prove that a client written only from openapi.yaml and the protocol works.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { NO_RATE_LIMITS, startEmbeddedDatabase, startServer } from '@scrubin/server';
import {
  CODE_ALPHABET,
  SEQUENCED_EVENT_NAMES,
  type ClientEventName,
  type ClientToServerEvents,
  type ErrorBody,
  type ErrorCode,
  type EventLogEntry,
  type JoinRole,
  type SequencedEvent,
  type SequencedType,
  type ServerEventName,
  type ServerToClientEvents,
  type components,
  type paths,
} from '@scrubin/protocol';

// ---------------------------------------------------------------------------------------------
// Server fixture.

export type ServerOptionsInput = NonNullable<Parameters<typeof startServer>[0]>;
export type RunningServer = Awaited<ReturnType<typeof startServer>>;
export type EmbeddedDatabase = Awaited<ReturnType<typeof startEmbeddedDatabase>>;
export type RateLimitsInput = NonNullable<ServerOptionsInput['rateLimits']>;

export const JWT_SECRET = 'scrubin-integration-test-secret';
/** Origin the fixture puts in share links, so their format can be asserted exactly. */
export const PUBLIC_URL = 'https://scrubin.example';
export const PASSWORD = 'correct horse battery staple';

/** Every limit out of the way; `limits.test.ts` passes small ones on purpose. */
export const GENEROUS_LIMITS: RateLimitsInput = NO_RATE_LIMITS;

export interface TestServerOptions extends Omit<ServerOptionsInput, 'mongodbUri'> {
  /** Run on this database (left running on close); otherwise a new one is started and stopped. */
  db?: EmbeddedDatabase;
}

export interface TestServer extends AsyncDisposable {
  readonly server: RunningServer;
  readonly url: string;
  readonly db: EmbeddedDatabase;
  close(): Promise<void>;
}

/**
 * Starts the real server on port 0 with response validation on and generous rate limits.
 * @example await using s = await startTestServer({ db });
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { db: givenDb, rateLimits, eventLog, ...rest } = options;
  const db = givenDb ?? (await startEmbeddedDatabase());
  // Spill files of a test server never land in the checkout.
  const dataDir = eventLog?.dataDir ?? (await mkdtemp(join(tmpdir(), 'scrubin-data-')));
  let server: RunningServer;
  try {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      jwtSecret: JWT_SECRET,
      publicUrl: PUBLIC_URL,
      logLevel: 'silent',
      ...rest,
      validateResponses: true,
      mongodbUri: db.uri,
      eventLog: { ...eventLog, dataDir },
      rateLimits: { ...GENEROUS_LIMITS, ...rateLimits },
    });
  } catch (err) {
    if (!givenDb) await db.stop();
    throw err;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
    if (!givenDb) await db.stop();
  };
  return { server, url: server.url, db, close, [Symbol.asyncDispose]: close };
}

/** Tracks sockets so that every test ends with all its connections closed. */
const openSockets = new Set<Socket>();

export interface Fixture {
  readonly url: string;
  readonly server: RunningServer;
  readonly db: EmbeddedDatabase;
  api(token?: string): Api;
  register(name?: string): Promise<Account>;
  connect(token: string, options?: ConnectOptions): Promise<Socket>;
  createSession(token: string, body?: Partial<CreateSessionBody>): Promise<CreatedSession>;
  room(options?: RoomOptions): Promise<Room>;
  member(account: Account, sessionId: string): Promise<Member>;
}

/**
 * One embedded database and one server per test file: registers `beforeAll`/`afterAll` hooks and
 * closes every socket a test opened after it.
 */
export function useServer(options: TestServerOptions = {}): Fixture {
  let current: TestServer | undefined;
  beforeAll(async () => {
    current = await startTestServer(options);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await current?.close();
  });
  const get = (): TestServer => {
    if (!current) throw new Error('the server fixture is not started (use it inside tests)');
    return current;
  };
  return fixtureOf(get);
}

/** A {@link Fixture} over a server started by hand (e.g. several servers on one database). */
export function fixtureOf(get: () => TestServer): Fixture {
  const fixture: Fixture = {
    get url() {
      return get().url;
    },
    get server() {
      return get().server;
    },
    get db() {
      return get().db;
    },
    api: (token) => api(get().url, token),
    register: (name) => register(get().url, name),
    connect: (token, options) => connect(get().url, token, options),
    createSession: (token, body) => createSession(get().url, token, body),
    room: (options) => room(fixture, options),
    member: (account, sessionId) => member(fixture, account, sessionId),
  };
  return fixture;
}

export function closeAllSockets(): void {
  for (const socket of openSockets) socket.disconnect();
  openSockets.clear();
}

// ---------------------------------------------------------------------------------------------
// REST.

type Schemas = components['schemas'];
export type User = Schemas['User'];
export type SessionDetails = Schemas['SessionDetails'];
export type SessionSummary = Schemas['SessionSummary'];
export type Participant = Schemas['Participant'];
export type CreateSessionBody = Schemas['CreateSessionRequest'];
export type LogEntry = Schemas['EventLogEntry'];

type HttpMethod = 'get' | 'post' | 'patch' | 'delete';
type OperationOf<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;
type PathWith<M extends HttpMethod> = {
  [P in keyof paths]: [OperationOf<P, M>] extends [never] ? never : P;
}[keyof paths];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type SuccessOf<O> = O extends { responses: infer R }
  ? JsonOf<R[Extract<keyof R, 200 | 201 | 204>]>
  : never;

export interface RequestOptions {
  /** Values for `{name}` placeholders of the path (URI-encoded). */
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (sent as is, so invalid bodies can be sent too). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A response: `data` is the success body as openapi.yaml types it, `error` the error body. */
export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  data: T;
  error: ErrorBody | undefined;
  /** The raw body. */
  text: string;
}

export interface Api {
  get<P extends PathWith<'get'>>(
    path: P,
    options?: RequestOptions,
  ): Promise<ApiResponse<SuccessOf<OperationOf<P, 'get'>>>>;
  post<P extends PathWith<'post'>>(
    path: P,
    options?: RequestOptions,
  ): Promise<ApiResponse<SuccessOf<OperationOf<P, 'post'>>>>;
  patch<P extends PathWith<'patch'>>(
    path: P,
    options?: RequestOptions,
  ): Promise<ApiResponse<SuccessOf<OperationOf<P, 'patch'>>>>;
  delete<P extends PathWith<'delete'>>(
    path: P,
    options?: RequestOptions,
  ): Promise<ApiResponse<SuccessOf<OperationOf<P, 'delete'>>>>;
  /** Any request, e.g. a malformed body: `init.body` is sent untouched. */
  raw(method: string, path: string, init?: RequestInit): Promise<ApiResponse<unknown>>;
}

/** A REST client over raw `fetch`; `token` goes in `Authorization: Bearer`. */
export function api(baseUrl: string, token?: string): Api {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const send = async (method: string, path: string, options: RequestOptions = {}) => {
    let resolved = path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = options.path?.[name];
      if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
      return encodeURIComponent(value);
    });
    // Percent-encoding (space → %20), as openapi-fetch does.
    const query = Object.entries(options.query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    if (query.length > 0) resolved += `?${query.join('&')}`;
    const headers: Record<string, string> = { ...auth, ...options.headers };
    const init: RequestInit = { method: method.toUpperCase(), headers };
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      init.body = JSON.stringify(options.body);
    }
    return request(baseUrl, resolved, init);
  };
  return {
    get: (path, options) => send('get', path, options) as never,
    post: (path, options) => send('post', path, options) as never,
    patch: (path, options) => send('patch', path, options) as never,
    delete: (path, options) => send('delete', path, options) as never,
    raw: (method, path, init = {}) =>
      request(baseUrl, path, {
        ...init,
        method,
        headers: { ...auth, ...(init.headers as Record<string, string> | undefined) },
      }),
  };
}

async function request(baseUrl: string, path: string, init: RequestInit) {
  const response = await fetch(baseUrl + path, init);
  const text = await response.text();
  let json: unknown = undefined;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
    json = JSON.parse(text);
  }
  const error =
    typeof json === 'object' && json !== null && 'error' in json
      ? (json as { error: ErrorBody }).error
      : undefined;
  return { status: response.status, headers: response.headers, data: json as never, error, text };
}

/** Asserts an error response: its status, its code and the `{ error: { code, message } }` shape. */
export function expectError(
  response: ApiResponse<unknown>,
  status: number,
  code: ErrorCode,
): ErrorBody {
  expect({ status: response.status, code: response.error?.code }, response.text).toEqual({
    status,
    code,
  });
  expect(typeof response.error?.message).toBe('string');
  return response.error as ErrorBody;
}

/** Asserts a success status and returns the body. */
export function expectStatus<T>(response: ApiResponse<T>, status: number): T {
  expect(response.status, response.text).toBe(status);
  return response.data;
}

export interface Account {
  token: string;
  user: User;
}

let accountCounter = 0;
/** A unique lower-case token for emails and titles. */
export function uniqueTag(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}${accountCounter++}`;
}

/** Registers a new user (201) and returns `{ token, user }`. */
export async function register(baseUrl: string, name = 'Dr Test'): Promise<Account> {
  const res = await api(baseUrl).post('/api/auth/register', {
    body: { email: `${uniqueTag('user')}@example.com`, password: PASSWORD, name },
  });
  return expectStatus(res, 201);
}

export interface CreatedSession {
  session: SessionDetails;
  shareableLink: string;
}

/** Creates a session (201) with sensible defaults. */
export async function createSession(
  baseUrl: string,
  token: string,
  body: Partial<CreateSessionBody> = {},
): Promise<CreatedSession> {
  const res = await api(baseUrl, token).post('/api/simulations/sessions', {
    body: { title: `Session ${uniqueTag()}`, scenario: 'skin-incision', ...body },
  });
  return expectStatus(res, 201);
}

/** Joins by link or code over REST and returns the body (asserting 200). */
export async function joinSession(
  baseUrl: string,
  token: string,
  identifier: string,
  role?: JoinRole,
) {
  const res = await api(baseUrl, token).post('/api/simulations/sessions/join/{identifier}', {
    path: { identifier },
    body: role ? { role } : undefined,
  });
  return expectStatus(res, 200);
}

/** Fetches a participant's view of a session (asserting 200). */
export async function getSession(
  baseUrl: string,
  token: string,
  sessionId: string,
): Promise<SessionDetails> {
  const res = await api(baseUrl, token).get('/api/simulations/sessions/{sessionId}', {
    path: { sessionId },
  });
  return expectStatus(res, 200).session;
}

/** Pages through the whole REST export of a session's event log. */
export async function exportAll(
  baseUrl: string,
  token: string,
  sessionId: string,
  pageSize = 1000,
): Promise<{ events: LogEntry[]; lastSeq: number }> {
  const events: LogEntry[] = [];
  let afterSeq = 0;
  let lastSeq = 0;
  for (;;) {
    const res = await api(baseUrl, token).get('/api/simulations/sessions/{sessionId}/events', {
      path: { sessionId },
      query: { afterSeq, limit: pageSize },
    });
    const page = expectStatus(res, 200);
    events.push(...page.events);
    lastSeq = page.lastSeq;
    if (!page.hasMore || page.events.length === 0) break;
    afterSeq = page.events[page.events.length - 1]!.seq;
  }
  return { events, lastSeq };
}

/** A share code of the right shape that no session is likely to have. */
export function randomCode(): string {
  return Array.from(randomBytes(8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}
/** A link token of the right shape that no session is likely to have. */
export function randomLink(): string {
  return randomBytes(24)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 32);
}
/** A well-formed session id that does not exist. */
export const UNKNOWN_SESSION_ID = 'session_1700000000000_nosuchsession';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export const SESSION_ID = /^session_[0-9]{13}_[a-z0-9]{6,16}$/;
export const LINK_TOKEN = /^[A-Za-z0-9]{32}$/;
export const SHARE_CODE = new RegExp(`^[${CODE_ALPHABET}]{8}$`);

// ---------------------------------------------------------------------------------------------
// Socket.IO.

export interface ConnectOptions {
  /** Override the `auth` sent in the handshake (e.g. no token). */
  auth?: Record<string, unknown>;
  timeoutMs?: number;
  /** @default ['websocket'] */
  transports?: ('websocket' | 'polling')[];
}

/** Connects a raw Socket.IO client (no reconnection) and waits for `connect`. */
export function connect(baseUrl: string, token: string, options: ConnectOptions = {}) {
  const socket = io(baseUrl, {
    auth: options.auth ?? { token },
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs ?? 5000,
  });
  openSockets.add(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('connect_error');
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/** Attempts a connection that must be refused, and returns the `connect_error`. */
export async function connectError(baseUrl: string, auth: Record<string, unknown>) {
  try {
    const socket = await connect(baseUrl, '', { auth });
    socket.disconnect();
  } catch (err) {
    return err as Error & { data?: ErrorBody };
  }
  throw new Error('the connection was accepted');
}

/** The ack type of a client event (distributes over unions; `never` for cursor updates). */
export type AckOf<E extends ClientEventName> = E extends ClientEventName
  ? Parameters<ClientToServerEvents[E]> extends [unknown, (ack: infer A) => void]
    ? A
    : never
  : never;
export type ServerPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Emits a client event and resolves with its ack (rejects after `timeoutMs` without one). */
export async function emitAck<E extends ClientEventName>(
  socket: Socket,
  event: E,
  payload: unknown,
  timeoutMs = 5000,
): Promise<AckOf<E>> {
  try {
    return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckOf<E>;
  } catch (err) {
    throw new Error(`no ack for ${event} within ${timeoutMs} ms`, { cause: err });
  }
}

/** Narrows an ack to success, failing the test with the error otherwise. */
export function expectOk<A extends { ok: boolean }>(ack: A): Extract<A, { ok: true }> {
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return ack as Extract<A, { ok: true }>;
}

/** Asserts a failed ack with the given code and the `{ code, message }` shape. */
export function expectAckError(ack: unknown, code: ErrorCode): ErrorBody {
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: false, error: { code } });
  const error = (ack as { error: ErrorBody }).error;
  expect(typeof error.message).toBe('string');
  return error;
}

/** The next `name` event on the socket that satisfies `predicate`. */
export function nextEvent<E extends ServerEventName>(
  socket: Socket,
  name: E,
  predicate: (payload: ServerPayload<E>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ServerPayload<E>> {
  return new Promise((resolve, reject) => {
    const event: string = name;
    const handler = (payload: ServerPayload<E>) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${name} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, handler);
  });
}

/**
 * A round trip through the server's event handling that changes nothing: once it returns, every
 * message the server had already sent to this socket has arrived.
 */
export async function ping(socket: Socket): Promise<void> {
  await emitAck(socket, 'surgery:voice-signal', { to: 'ping-nobody', data: {} });
}

export interface Received {
  name: string;
  payload: unknown;
  receivedAt: number;
}

/** Records every event a socket receives, from its creation on. */
export class EventCollector {
  readonly all: Received[] = [];
  private waiters = new Set<() => void>();

  constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: unknown) => {
      this.all.push({ name, payload, receivedAt: Date.now() });
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Payloads of `name`, in arrival order. */
  of<E extends ServerEventName>(name: E): ServerPayload<E>[] {
    return this.all.filter((r) => r.name === name).map((r) => r.payload as ServerPayload<E>);
  }

  /** Sequenced events received, in arrival order, as log entries. */
  sequenced(): EventLogEntry[] {
    return this.all.flatMap((r) => {
      const type = sequencedTypeOf(r.name);
      return type ? [logEntryOf(type, r.payload as SequencedEvent)] : [];
    });
  }

  /** The first recorded (or future) `name` event matching `predicate`. */
  waitFor<E extends ServerEventName>(
    name: E,
    predicate: (payload: ServerPayload<E>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<ServerPayload<E>> {
    return this.until(
      () => this.of(name).find(predicate),
      timeoutMs,
      () => `no matching ${name} within ${timeoutMs} ms; got ${JSON.stringify(this.of(name))}`,
    );
  }

  /** Resolves once `condition` returns something other than `undefined`. */
  until<T>(
    condition: () => T | undefined,
    timeoutMs = 5000,
    describe: () => string = () => `condition not met within ${timeoutMs} ms`,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = condition();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(describe()));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = () => void check();
      this.waiters.add(wake);
      check();
    });
  }

  clear(): void {
    this.all.length = 0;
  }
}

const EVENT_TYPES = new Map<string, SequencedType>(
  Object.entries(SEQUENCED_EVENT_NAMES).map(([type, name]) => [name, type as SequencedType]),
);
/** `surgery:chat-message` → `chat-message`; undefined for events that are not sequenced. */
export function sequencedTypeOf(name: string): SequencedType | undefined {
  return EVENT_TYPES.get(name);
}

/** The log entry a sequenced broadcast stands for: common fields apart, the rest is the payload. */
export function logEntryOf(type: SequencedType, event: SequencedEvent): EventLogEntry {
  const { sessionId, seq, tick, userId, at, ...payload } = event as SequencedEvent & {
    [k: string]: unknown;
  };
  return { sessionId, seq, tick, type, userId, at, payload } as EventLogEntry;
}

/** Asserts the common fields of a sequenced broadcast. */
export function expectSequencedFields(
  event: unknown,
  expected: { sessionId: string; userId: string },
): void {
  expect(event).toMatchObject({
    sessionId: expected.sessionId,
    userId: expected.userId,
    seq: expect.any(Number),
    tick: expect.any(Number),
    at: expect.stringMatching(ISO_DATE),
  });
  const e = event as { seq: number; tick: number };
  expect(Number.isInteger(e.seq) && e.seq >= 1).toBe(true);
  expect(Number.isInteger(e.tick) && e.tick >= 0).toBe(true);
}

/** Asserts that `seqs` is exactly `from, from+1, …, to`. */
export function expectGapless(seqs: number[], from: number, to: number): void {
  expect(seqs).toEqual(Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i));
}

// ---------------------------------------------------------------------------------------------
// Rooms: a session with connected, joined members.

export interface Member extends Account {
  socket: Socket;
  inbox: EventCollector;
}

export interface RoomOptions {
  /** Roles of the guests who join after the host (their names are `Guest 1`, …). */
  guests?: JoinRole[];
  /** Start the simulation (status `active`) once everyone is in. */
  start?: boolean;
  session?: Partial<CreateSessionBody>;
}

export interface Room {
  sessionId: string;
  created: CreatedSession;
  host: Member;
  guests: Member[];
  /** Host first, then the guests. */
  members: Member[];
}

/** Connects an account that already holds a seat and joins the session's room. */
async function member(fixture: Fixture, account: Account, sessionId: string): Promise<Member> {
  const socket = await fixture.connect(account.token);
  const inbox = new EventCollector(socket);
  expectOk(await emitAck(socket, 'surgery:join-session', { sessionId }));
  return { ...account, socket, inbox };
}

async function room(fixture: Fixture, options: RoomOptions = {}): Promise<Room> {
  const hostAccount = await fixture.register('Host Surgeon');
  const created = await fixture.createSession(hostAccount.token, options.session);
  const sessionId = created.session.sessionId;
  const host = await fixture.member(hostAccount, sessionId);
  const guests: Member[] = [];
  for (const [i, role] of (options.guests ?? []).entries()) {
    const account = await fixture.register(`Guest ${i + 1}`);
    await joinSession(fixture.url, account.token, created.session.uniqueLink, role);
    guests.push(await fixture.member(account, sessionId));
  }
  if (options.start) {
    expectOk(await emitAck(host.socket, 'surgery:simulation-control', { action: 'start' }));
  }
  return { sessionId, created, host, guests, members: [host, ...guests] };
}
