import { io } from 'socket.io-client';
import { CURSOR_HZ, isSessionId } from '@scrubin/protocol';
import { systemClock, type Clock } from './clock.js';
import { LiveSession } from './live-session.js';
import type { LiveSessionOptions, SocketFactory, SocketFactoryOptions } from './live-types.js';
import {
  createApi,
  createRestMethods,
  type Credentials,
  type FetchFn,
  type RestMethods,
  type ScrubinApi,
} from './rest.js';
import type { User } from './rest-types.js';

/** Options of {@link createScrubinClient}. */
export interface ScrubinClientOptions {
  /** Server origin, optionally with a path prefix, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** Bearer token to start with; `register` and `login` replace it. @default undefined */
  token?: string;
  /** `fetch` used by the REST half. @default globalThis.fetch */
  fetch?: FetchFn;
  /** Makes the Socket.IO socket of each session handle. @default io from socket.io-client */
  socketFactory?: SocketFactory;
  /**
   * Extra Socket.IO manager and socket options, e.g. `reconnectionDelay`.
   * @default {} (websocket transport, automatic reconnection with Socket.IO's backoff)
   */
  socketOptions?: SocketFactoryOptions;
  /** How long realtime actions wait for their ack before rejecting with `TIMEOUT`. @default 5000 */
  ackTimeoutMs?: number;
  /** Most cursor poses sent per second by `cursor()`. @default 30 (CURSOR_HZ) */
  cursorHz?: number;
  /** Events per REST export page when catching up or exporting. @default 1000 */
  exportPageSize?: number;
  /** Take the seat again over REST if the server released it during a long disconnection. @default true */
  restoreSeat?: boolean;
  /** Time source of throttling and timeouts. @default systemClock */
  clock?: Clock;
}

/**
 * The Scrub In client: the typed REST API (`api`, failures as values), convenience calls that
 * throw `ScrubinError`, and live session handles over Socket.IO.
 */
export interface ScrubinClient extends RestMethods {
  /** The openapi-fetch client typed by the OpenAPI document; sends the bearer token. */
  readonly api: ScrubinApi;
  /** The bearer token in use; set it to act as someone else, or `undefined` to sign out. */
  token: string | undefined;
  /** The signed-in user, once `register`, `login` or `me` told it. */
  readonly user: User | undefined;
  /** The live session handles this client opened and has not closed. */
  readonly sessions: readonly LiveSession[];
  /**
   * A session handle that is not connected yet: attach handlers, then `connect()`.
   * @example
   * const live = client.session(sessionId, { sinceSeq: 0 });
   * live.on('sequenced', ({ name, event }) => log(name, event.seq));
   * await live.connect();
   */
  session(sessionId: string, options?: LiveSessionOptions): LiveSession;
  /**
   * Joins a session live. Accepts a session id (the user must hold a seat already) or anything
   * `joinSession` accepts (share URL, link token, code), in which case it takes a seat first.
   * @example
   * const live = await client.join('ABCD-2345', { on: { 'surgery:chat-message': (e) => print(e.text) } });
   */
  join(sessionIdOrIdentifier: string, options?: LiveSessionOptions): Promise<LiveSession>;
  /** Closes every live session handle of this client. */
  close(): void;
}

/** Socket.IO URL and path for a base URL that may carry a path prefix. */
export function socketEndpoint(baseUrl: string): { url: string; path: string } {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const url = new URL(baseUrl, base);
  return { url: url.origin, path: `${url.pathname.replace(/\/+$/, '')}/socket.io` };
}

/**
 * Creates a client for a Scrub In server. Works in Node 20+ and browsers.
 * @example
 * const client = createScrubinClient({ baseUrl: 'http://localhost:3000' });
 * await client.login({ email: 'ada@example.org', password: 'correct horse' });
 * const { session } = await client.createSession({ title: 'Suturing', scenario: 'interrupted-suture' });
 * const live = await client.join(session.sessionId);
 * live.on('surgery:chat-message', (e) => console.log(`${e.name}: ${e.text}`));
 * await live.control('start');
 */
export function createScrubinClient(options: ScrubinClientOptions): ScrubinClient {
  const settings = {
    ackTimeoutMs: options.ackTimeoutMs ?? 5000,
    cursorHz: options.cursorHz ?? CURSOR_HZ,
    exportPageSize: options.exportPageSize ?? 1000,
    restoreSeat: options.restoreSeat ?? true,
    clock: options.clock ?? systemClock,
    socketFactory: options.socketFactory ?? ((url, opts) => io(url, opts)),
    socketOptions: options.socketOptions ?? {},
  };
  const credentials: Credentials = { token: options.token, user: undefined };
  const api = createApi(options.baseUrl, credentials, options.fetch);
  const rest = createRestMethods(api, credentials, settings);
  const endpoint = socketEndpoint(options.baseUrl);
  const open = new Set<LiveSession>();

  const session = (sessionId: string, sessionOptions: LiveSessionOptions = {}): LiveSession => {
    const socket = settings.socketFactory(endpoint.url, {
      path: endpoint.path,
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
      auth: (cb) => cb({ token: credentials.token }),
      ...settings.socketOptions,
    });
    const live = new LiveSession({
      sessionId,
      socket,
      credentials,
      rest,
      clock: settings.clock,
      ackTimeoutMs: sessionOptions.ackTimeoutMs ?? settings.ackTimeoutMs,
      cursorHz: sessionOptions.cursorHz ?? settings.cursorHz,
      exportPageSize: settings.exportPageSize,
      restoreSeat: settings.restoreSeat,
      sinceSeq: sessionOptions.sinceSeq,
      onClosed: (closed) => open.delete(closed),
    });
    for (const [event, handler] of Object.entries(sessionOptions.on ?? {})) {
      if (handler !== undefined) live.on(event as 'error', handler as never);
    }
    open.add(live);
    return live;
  };

  return {
    ...rest,
    api,
    get token() {
      return credentials.token;
    },
    set token(token) {
      credentials.token = token;
      credentials.user = undefined;
    },
    get user() {
      return credentials.user;
    },
    get sessions() {
      return [...open];
    },
    session,
    async join(sessionIdOrIdentifier, sessionOptions = {}) {
      let sessionId = sessionIdOrIdentifier.trim();
      if (!isSessionId(sessionId)) {
        const role = sessionOptions.role;
        const joined = await rest.joinSession(sessionIdOrIdentifier, role ? { role } : {});
        sessionId = joined.session.sessionId;
      }
      return session(sessionId, sessionOptions).connect();
    },
    close() {
      for (const live of [...open]) live.close();
    },
  };
}
