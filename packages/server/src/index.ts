export { startServer, type RunningServer } from './server.js';
export {
  EventLog,
  type CloseReport,
  type EventLogStats,
  type RecoveryReport,
} from './eventlog/event-log.js';
export {
  PARTITIONED_LAYOUT,
  SINGLE_LAYOUT,
  LogCollections,
  type EventDoc,
  type LogLayout,
} from './eventlog/layout.js';
export { BucketStore } from './eventlog/bucket-store.js';
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
export {
  BackupImportError,
  exportDatabase,
  importDatabase,
  verifyBackup,
  type BackupProgress,
  type ExportOptions,
  type ExportSummary,
  type ImportOptions,
  type ImportSummary,
} from './db/backup.js';
export { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupCounts } from './db/backup-format.js';
export { connectDatabase } from './db/connect.js';
export {
  EMBEDDED_LIMITS,
  EmbeddedUsage,
  type Countable,
  type EmbeddedLimits,
  type EmbeddedUsageOptions,
  type EmbeddedUsageReport,
} from './db/embedded-limits.js';
