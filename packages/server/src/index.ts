export { startServer, type RunningServer } from './server.js';
export type { CloseReport, EventLogStats } from './eventlog/event-log.js';
export {
  startEmbeddedDatabase,
  type EmbeddedDatabase,
  type EmbeddedDatabaseOptions,
} from './db/embedded.js';
export {
  DEFAULT_EVENT_LOG,
  DEFAULT_RATE_LIMITS,
  NO_RATE_LIMITS,
  optionsFromEnv,
  parseIceServers,
  resolveOptions,
  type EventLogOptions,
  type IceServer,
  type RateLimit,
  type RateLimits,
  type ServerOptions,
  type ServerOptionsInput,
} from './config.js';
