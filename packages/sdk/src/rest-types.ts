import type { components, operations } from '@scrubin/protocol';

type Schemas = components['schemas'];

/** A user account. */
export type User = Schemas['User'];
/** `{ token, user }` from register and login. */
export type AuthResult = Schemas['AuthResult'];
/** Body of {@link RestMethods.register}. */
export type RegisterRequest = Schemas['RegisterRequest'];
/** Body of {@link RestMethods.login}. */
export type LoginRequest = Schemas['LoginRequest'];
/** Body of {@link RestMethods.createSession}. */
export type CreateSessionRequest = Schemas['CreateSessionRequest'];
/** What anyone signed in may see of a session (public list, link preview). */
export type SessionSummary = Schemas['SessionSummary'];
/** A scenario of the catalogue. */
export type Scenario = Schemas['Scenario'];
/** Liveness and database reachability. */
export type Health = Schemas['Health'];
/** ICE servers for voice peer connections (`new RTCPeerConnection(config)`). */
export type RtcConfig = Schemas['RtcConfig'];
/** A STUN or TURN server, the shape of WebRTC's `RTCIceServer`. */
export type IceServer = Schemas['IceServer'];

/** Query of {@link RestMethods.listActiveSessions}. */
export type ActiveSessionsQuery = NonNullable<
  operations['listActiveSessions']['parameters']['query']
>;
/** Query of {@link RestMethods.mySessions}. */
export type MySessionsQuery = NonNullable<operations['listMySessions']['parameters']['query']>;

/** One page of a paginated list. */
export interface Page<T> {
  sessions: T[];
  total: number;
  page: number;
  limit: number;
}

/** New share identifiers from {@link RestMethods.rotate}. */
export interface ShareIdentifiers {
  uniqueLink: string;
  shareableCode: string;
  shareableLink: string;
}
