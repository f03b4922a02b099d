/**
 * Integration-test helpers: a disposable real server on the embedded database, SDK clients
 * signed up on it, and recorders of what a session handle delivers. No mocks.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { NO_RATE_LIMITS, startEmbeddedDatabase, startServer } from '@scrubin/server';
import type { JoinRole } from '@scrubin/protocol';
import {
  createScrubinClient,
  type LiveSession,
  type LiveSessionEvents,
  type ScrubinClient,
  type ScrubinClientOptions,
  type SequencedDelivery,
} from '@scrubin/sdk';

type ServerOptionsInput = NonNullable<Parameters<typeof startServer>[0]>;
type RateLimitsInput = NonNullable<ServerOptionsInput['rateLimits']>;
type RunningServer = Awaited<ReturnType<typeof startServer>>;

export const PASSWORD = 'correct horse battery staple';
/** Limits out of the way, except where a test passes the defaults on purpose. */
export const GENEROUS_LIMITS: RateLimitsInput = NO_RATE_LIMITS;

/** A real server on port 0 over its own embedded database; `await using` closes both. */
export interface TestServer extends AsyncDisposable {
  readonly url: string;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/**
 * Starts the real server (response validation on, generous rate limits unless overridden).
 * @example await using server = await startTestServer();
 */
export async function startTestServer(
  options: Omit<ServerOptionsInput, 'mongodbUri'> = {},
): Promise<TestServer> {
  const { rateLimits, ...rest } = options;
  const db = await startEmbeddedDatabase();
  let server: RunningServer;
  try {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      jwtSecret: 'scrubin-sdk-test',
      logLevel: 'silent',
      ...rest,
      validateResponses: true,
      mongodbUri: db.uri,
      rateLimits: { ...GENEROUS_LIMITS, ...rateLimits },
    });
  } catch (err) {
    await db.stop();
    throw err;
  }
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await server.close();
      await db.stop();
    })());
  return { url: server.url, server, close, [Symbol.asyncDispose]: close };
}

/** Fixture of one test file: one server, and clients that are closed after each test. */
export interface Fixture {
  readonly url: string;
  /** A client of the server (not signed in). */
  client(options?: Partial<ScrubinClientOptions>): ScrubinClient;
  /** A client signed up as a new user. */
  user(name?: string, options?: Partial<ScrubinClientOptions>): Promise<ScrubinClient>;
  /** A host with a new session, and guests who joined it over REST, none connected yet. */
  room(guests?: JoinRole[]): Promise<Room>;
}

export interface Room {
  sessionId: string;
  code: string;
  uniqueLink: string;
  shareableLink: string;
  host: ScrubinClient;
  guests: ScrubinClient[];
}

/** Starts one server for the file (`beforeAll`), closes clients after each test. */
export function useServer(options: Omit<ServerOptionsInput, 'mongodbUri'> = {}): Fixture {
  let server: TestServer | undefined;
  const clients = new Set<ScrubinClient>();
  beforeAll(async () => {
    server = await startTestServer(options);
  });
  afterEach(() => {
    for (const client of clients) client.close();
    clients.clear();
  });
  afterAll(async () => {
    await server?.close();
  });
  const url = () => {
    if (server === undefined) throw new Error('the server fixture is not started');
    return server.url;
  };
  const fixture: Fixture = {
    get url() {
      return url();
    },
    client(clientOptions) {
      const client = createScrubinClient({
        baseUrl: url(),
        socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 100 },
        ...clientOptions,
      });
      clients.add(client);
      return client;
    },
    async user(name = 'Dr Test', clientOptions) {
      const client = fixture.client(clientOptions);
      await client.register({
        email: `${uniqueTag('user')}@Example.org`,
        password: PASSWORD,
        name,
      });
      return client;
    },
    async room(guestRoles = []) {
      const host = await fixture.user('Host Surgeon');
      const { session, shareableLink } = await host.createSession({
        title: `Room ${uniqueTag()}`,
        scenario: 'skin-incision',
      });
      const guests: ScrubinClient[] = [];
      for (const [i, role] of guestRoles.entries()) {
        const guest = await fixture.user(`Guest ${i + 1}`);
        await guest.joinSession(session.uniqueLink, { role });
        guests.push(guest);
      }
      return {
        sessionId: session.sessionId,
        code: session.shareableCode,
        uniqueLink: session.uniqueLink,
        shareableLink,
        host,
        guests,
      };
    },
  };
  return fixture;
}

let counter = 0;
/** A unique lower-case tag for emails and titles. */
export function uniqueTag(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}${counter++}`;
}

/** Everything sequenced a handle delivered, in delivery order. */
export class Recorder {
  readonly deliveries: SequencedDelivery[] = [];

  constructor(live: LiveSession) {
    live.on('sequenced', (delivery) => this.deliveries.push(delivery));
  }

  get seqs(): number[] {
    return this.deliveries.map((d) => d.event.seq);
  }
}

/** Resolves with the next `event` of the handle that satisfies `predicate`. */
export function nextOf<K extends keyof LiveSessionEvents>(
  live: LiveSession,
  event: K,
  predicate: (...args: Parameters<LiveSessionEvents[K]>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<LiveSessionEvents[K]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...args: Parameters<LiveSessionEvents[K]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    };
    const off = live.on(event, handler as unknown as LiveSessionEvents[K]);
  });
}

/** Asserts that `seqs` is exactly `from, from+1, …, to`: in order, no hole, no duplicate. */
export function expectGapless(seqs: readonly number[], from: number, to: number): void {
  expect(seqs).toEqual(Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i));
}
