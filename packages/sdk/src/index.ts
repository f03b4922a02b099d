export { createScrubinClient, socketEndpoint } from './client.js';
export type { ScrubinClient, ScrubinClientOptions } from './client.js';
export { LiveSession } from './live-session.js';
export type {
  AckedEventName,
  AckOf,
  AckOk,
  DeliverySource,
  LiveSessionEvents,
  LiveSessionHandlers,
  LiveSessionOptions,
  LiveSessionState,
  ScrubinSocket,
  SequencedDelivery,
  SequencedEventName,
  SocketFactory,
  SocketFactoryOptions,
} from './live-types.js';
export { bearerAuth, unwrap } from './rest.js';
export type { Credentials, EventLogPage, FetchFn, RestMethods, ScrubinApi } from './rest.js';
export type {
  ActiveSessionsQuery,
  AuthResult,
  CreateSessionRequest,
  Health,
  IceServer,
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
export { errorFromResponse } from './errors.js';
export { createThrottle } from './throttle.js';
export type { Throttle, ThrottleOptions } from './throttle.js';
export { SequenceBuffer } from './sequence-buffer.js';
export type { Unsubscribe } from './emitter.js';
export { systemClock } from './clock.js';
export { createManualClock } from './manual-clock.js';
export type { ManualClock } from './manual-clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { ScrubinError, isErrorCode, toScrubinError } from '@scrubin/protocol';
export type { ErrorCode } from '@scrubin/protocol';
