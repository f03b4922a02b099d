import createClient, { type Client, type Middleware } from 'openapi-fetch';
import {
  ScrubinError,
  identifierFromInput,
  type EventLogEntry,
  type JoinRole,
  type ParticipantRecord,
  type Role,
  type SessionDetails,
  type paths,
} from '@scrubin/protocol';
import { errorFromResponse } from './errors.js';
import type {
  ActiveSessionsQuery,
  AuthResult,
  CreateSessionRequest,
  Health,
  LoginRequest,
  MySessionsQuery,
  Page,
  RegisterRequest,
  RtcConfig,
  Scenario,
  SessionSummary,
  ShareIdentifiers,
  User,
} from './rest-types.js';

/** The typed REST client of openapi-fetch: failures come back as values `{ data, error, response }`. */
export type ScrubinApi = Client<paths>;

/** The `fetch` an openapi-fetch client calls. */
export type FetchFn = (input: Request) => Promise<Response>;

/** Who the client acts as: shared by its REST and realtime halves. */
export interface Credentials {
  /** Bearer token sent with REST calls and in the Socket.IO handshake. */
  token: string | undefined;
  /** The signed-in user, once known (register, login or `me`). */
  user: User | undefined;
}

/** One page of the event log, as {@link RestMethods.exportEventsPage} returns it. */
export interface EventLogPage {
  sessionId: string;
  events: EventLogEntry[];
  /** The session's latest `seq` when the page was read. */
  lastSeq: number;
  hasMore: boolean;
}

/** Adds `Authorization: Bearer <token>` to every request that has none, while a token is set. */
export function bearerAuth(credentials: Pick<Credentials, 'token'>): Middleware {
  return {
    onRequest({ request }) {
      if (credentials.token !== undefined && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${credentials.token}`);
      }
      return request;
    },
  };
}

/** Creates the openapi-fetch client for `baseUrl`, with the bearer token middleware. */
export function createApi(
  baseUrl: string,
  credentials: Pick<Credentials, 'token'>,
  fetch?: FetchFn,
): ScrubinApi {
  const api = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), fetch });
  api.use(bearerAuth(credentials));
  return api;
}

type Outcome<D> = { data?: D; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws its failure as a ScrubinError. */
export async function unwrap<D>(call: Promise<Outcome<D>>): Promise<D> {
  let outcome: Outcome<D>;
  try {
    outcome = await call;
  } catch (err) {
    throw new ScrubinError('UNAVAILABLE', 'The server could not be reached', { cause: err });
  }
  if (!outcome.response.ok) throw errorFromResponse(outcome.error, outcome.response);
  return outcome.data as D;
}

/**
 * Typed REST calls that return the useful part of the answer and throw a `ScrubinError`
 * (from `@scrubin/protocol`) on failure. For failures as values, use `client.api`.
 */
export interface RestMethods {
  /** Creates an account; the client keeps its token and user. */
  register(body: RegisterRequest): Promise<AuthResult>;
  /** Signs in; the client keeps the token and user. */
  login(body: LoginRequest): Promise<AuthResult>;
  /** The signed-in user (the client keeps it). */
  me(): Promise<User>;
  /** Creates a session; the caller becomes its host and first participant (surgeon). */
  createSession(
    body: CreateSessionRequest,
  ): Promise<{ session: SessionDetails; shareableLink: string }>;
  /** Public sessions that can be joined, newest first. */
  listActiveSessions(query?: ActiveSessionsQuery): Promise<Page<SessionSummary>>;
  /**
   * Takes a seat in a session. Accepts what a user pasted: a share URL, a link token, or a code
   * (any case, dash allowed). Joining again returns the seat already held.
   * @example
   * const { session } = await client.joinSession('abcd-2345', { role: 'observer' });
   */
  joinSession(
    identifierOrUrl: string,
    options?: { role?: JoinRole },
  ): Promise<{ session: SessionDetails; participant: ParticipantRecord }>;
  /** What a share URL, link token or code points to, before joining. */
  previewSession(identifierOrUrl: string): Promise<SessionSummary>;
  /** A session's details with its participant history (participants only). */
  getSession(sessionId: string): Promise<SessionDetails>;
  /** Sessions the caller created or took part in, newest first. */
  mySessions(query?: MySessionsQuery): Promise<Page<SessionDetails>>;
  /** One page of a session's event log after `afterSeq`, in `seq` order. */
  exportEventsPage(
    sessionId: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<EventLogPage>;
  /** The whole event log after `afterSeq` (default 0), paging through it, in `seq` order. */
  exportEvents(
    sessionId: string,
    options?: { afterSeq?: number; pageSize?: number },
  ): Promise<EventLogEntry[]>;
  /** Changes a participant's role (host only). */
  changeRole(sessionId: string, userId: string, role: Role): Promise<ParticipantRecord>;
  /** Removes a participant, who may not come back (host only). */
  removeParticipant(sessionId: string, userId: string): Promise<void>;
  /** Replaces the share link and code; the old ones stop working (host only). */
  rotate(sessionId: string): Promise<ShareIdentifiers>;
  /** Ends the session: status `completed`, every seat closes (host only). */
  endSession(sessionId: string): Promise<SessionDetails>;
  /** The scenario catalogue. */
  scenarios(): Promise<Scenario[]>;
  /**
   * ICE servers for voice, as the server is configured (empty: host candidates only).
   * @example
   * const pc = new RTCPeerConnection(await client.rtcConfig());
   */
  rtcConfig(): Promise<RtcConfig>;
  /** Liveness and database reachability; a degraded server (503) answers too, without throwing. */
  health(): Promise<Health>;
}

/** Builds {@link RestMethods} over an openapi-fetch client. */
export function createRestMethods(
  api: ScrubinApi,
  credentials: Credentials,
  defaults: { exportPageSize: number },
): RestMethods {
  const signIn = (result: AuthResult): AuthResult => {
    credentials.token = result.token;
    credentials.user = result.user;
    return result;
  };
  const sessionPath = (sessionId: string) => ({ params: { path: { sessionId } } });

  const methods: RestMethods = {
    register: async (body) => signIn(await unwrap(api.POST('/api/auth/register', { body }))),
    login: async (body) => signIn(await unwrap(api.POST('/api/auth/login', { body }))),
    async me() {
      const { user } = await unwrap(api.GET('/api/auth/me'));
      credentials.user = user;
      return user;
    },
    createSession: (body) => unwrap(api.POST('/api/simulations/sessions', { body })),
    listActiveSessions: (query) =>
      unwrap(api.GET('/api/simulations/sessions/active', { params: { query } })),
    joinSession: (identifierOrUrl, options) =>
      unwrap(
        api.POST('/api/simulations/sessions/join/{identifier}', {
          params: { path: { identifier: identifierFromInput(identifierOrUrl) } },
          body: options?.role === undefined ? {} : { role: options.role },
        }),
      ),
    async previewSession(identifierOrUrl) {
      const path = { identifier: identifierFromInput(identifierOrUrl) };
      return (
        await unwrap(api.GET('/api/simulations/sessions/link/{identifier}', { params: { path } }))
      ).session;
    },
    getSession: async (sessionId) =>
      (await unwrap(api.GET('/api/simulations/sessions/{sessionId}', sessionPath(sessionId))))
        .session,
    mySessions: (query) => unwrap(api.GET('/api/simulations/sessions/mine', { params: { query } })),
    async exportEventsPage(sessionId, options) {
      const page = await unwrap(
        api.GET('/api/simulations/sessions/{sessionId}/events', {
          params: {
            path: { sessionId },
            query: {
              afterSeq: options?.afterSeq ?? 0,
              limit: options?.limit ?? defaults.exportPageSize,
            },
          },
        }),
      );
      return page as unknown as EventLogPage;
    },
    async exportEvents(sessionId, options) {
      const events: EventLogEntry[] = [];
      let afterSeq = options?.afterSeq ?? 0;
      for (;;) {
        const page = await methods.exportEventsPage(sessionId, {
          afterSeq,
          limit: options?.pageSize ?? defaults.exportPageSize,
        });
        events.push(...page.events);
        const last = page.events.at(-1);
        if (!page.hasMore || last === undefined) return events;
        afterSeq = last.seq;
      }
    },
    changeRole: async (sessionId, userId, role) =>
      (
        await unwrap(
          api.PATCH('/api/simulations/sessions/{sessionId}/participants/{userId}', {
            params: { path: { sessionId, userId } },
            body: { role },
          }),
        )
      ).participant,
    async removeParticipant(sessionId, userId) {
      await unwrap(
        api.DELETE('/api/simulations/sessions/{sessionId}/participants/{userId}', {
          params: { path: { sessionId, userId } },
        }),
      );
    },
    rotate: (sessionId) =>
      unwrap(api.POST('/api/simulations/sessions/{sessionId}/rotate', sessionPath(sessionId))),
    endSession: async (sessionId) =>
      (await unwrap(api.POST('/api/simulations/sessions/{sessionId}/end', sessionPath(sessionId))))
        .session,
    scenarios: async () => (await unwrap(api.GET('/api/scenarios'))).scenarios,
    rtcConfig: () => unwrap(api.GET('/api/rtc-config')),
    async health() {
      let outcome;
      try {
        outcome = await api.GET('/api/health');
      } catch (err) {
        throw new ScrubinError('UNAVAILABLE', 'The server could not be reached', { cause: err });
      }
      if (outcome.data !== undefined) return outcome.data;
      if (outcome.response.status === 503 && outcome.error !== undefined) return outcome.error;
      throw errorFromResponse(outcome.error, outcome.response);
    },
  };
  return methods;
}
