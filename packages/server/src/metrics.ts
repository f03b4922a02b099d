import type { EventLogStats } from './eventlog/event-log.js';
import type { FrameCounts } from './realtime/room-frames.js';

/** Counters the server keeps for /api/metrics. */
export class Metrics {
  /** Inbound socket events by name; a handler keeps its counter to skip the lookup. */
  readonly inbound = new Map<string, { count: number }>();
  rateLimited = 0;
  validationFailed = 0;
  internalErrors = 0;
  cursorBatches = 0;
  /** Broadcast frames by how they left: written directly, through Socket.IO, or dropped. */
  readonly frames: FrameCounts = { direct: 0, fallback: 0, dropped: 0 };

  inboundCounter(event: string): { count: number } {
    let counter = this.inbound.get(event);
    if (!counter) this.inbound.set(event, (counter = { count: 0 }));
    return counter;
  }
}

export interface MetricsSnapshot {
  metrics: Metrics;
  eventLog: EventLogStats;
  sockets: number;
  liveSessions: number;
  databaseUp: boolean;
  /** Duration of the last database ping; undefined before the first. */
  databasePingMs?: number;
  /** On the embedded database: whether accounts or sessions near its measured limits. */
  embeddedNearLimit?: boolean;
}

/** Prometheus text exposition of a snapshot. */
export function renderPrometheus(s: MetricsSnapshot): string {
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'gauge' | 'counter',
    help: string,
    value: number,
    labels = '',
  ) => {
    if (!lines.some((l) => l.startsWith(`# HELP ${name} `))) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    }
    lines.push(`${name}${labels} ${Number.isFinite(value) ? value : 0}`);
  };
  metric(
    'scrubin_eventlog_queue_depth',
    'gauge',
    'Event log entries not yet stored.',
    s.eventLog.queueDepth,
  );
  metric(
    'scrubin_eventlog_lag_seconds',
    'gauge',
    'Age of the oldest unstored event log entry.',
    s.eventLog.lagS,
  );
  metric(
    'scrubin_eventlog_written_total',
    'counter',
    'Event log entries stored.',
    s.eventLog.written,
  );
  metric(
    'scrubin_eventlog_batches_total',
    'counter',
    'Event log group commits stored.',
    s.eventLog.batches,
  );
  metric(
    'scrubin_eventlog_failures_total',
    'counter',
    'Failed event log commits (retried).',
    s.eventLog.failures,
  );
  metric(
    'scrubin_eventlog_refused_total',
    'counter',
    'Events refused UNAVAILABLE because the log queue was full.',
    s.eventLog.refused,
  );
  metric(
    'scrubin_eventlog_ack_timeouts_total',
    'counter',
    'Events answered TIMEOUT because storing them took longer than the ack deadline.',
    s.eventLog.ackTimeouts,
  );
  metric(
    'scrubin_eventlog_journal_entries',
    'gauge',
    'Stored entries not yet compacted into buckets.',
    s.eventLog.journalEntries,
  );
  metric(
    'scrubin_eventlog_compactions_total',
    'counter',
    'Compactions of the journal into per-session buckets.',
    s.eventLog.compactions,
  );
  metric('scrubin_socket_connections', 'gauge', 'Connected Socket.IO clients.', s.sockets);
  metric(
    'scrubin_live_sessions',
    'gauge',
    'Sessions with live state on this node.',
    s.liveSessions,
  );
  metric(
    'scrubin_database_up',
    'gauge',
    'Whether the database answers pings.',
    s.databaseUp ? 1 : 0,
  );
  if (s.embeddedNearLimit !== undefined) {
    metric(
      'scrubin_embedded_near_limit',
      'gauge',
      'Whether the embedded database nears the size at which its writes pass 20 ms.',
      s.embeddedNearLimit ? 1 : 0,
    );
  }
  if (s.databasePingMs !== undefined) {
    metric(
      'scrubin_database_ping_seconds',
      'gauge',
      'Duration of the last database ping, answered or timed out.',
      s.databasePingMs / 1000,
    );
  }
  for (const [event, { count }] of [...s.metrics.inbound].sort(([a], [b]) => a.localeCompare(b))) {
    metric(
      'scrubin_socket_events_total',
      'counter',
      'Inbound socket events by name.',
      count,
      `{event="${event}"}`,
    );
  }
  metric(
    'scrubin_rate_limited_total',
    'counter',
    'Requests and events refused as RATE_LIMITED.',
    s.metrics.rateLimited,
  );
  metric(
    'scrubin_validation_failed_total',
    'counter',
    'Socket payloads refused as invalid.',
    s.metrics.validationFailed,
  );
  metric(
    'scrubin_internal_errors_total',
    'counter',
    'Unexpected server errors.',
    s.metrics.internalErrors,
  );
  metric(
    'scrubin_cursor_batches_total',
    'counter',
    'Cursor batches broadcast.',
    s.metrics.cursorBatches,
  );
  for (const path of ['direct', 'fallback', 'dropped'] as const) {
    metric(
      'scrubin_broadcast_frames_total',
      'counter',
      'Broadcast frames per receiving socket: written directly, through Socket.IO, or dropped (volatile, socket backed up).',
      s.metrics.frames[path],
      `{path="${path}"}`,
    );
  }
  const mem = process.memoryUsage();
  metric('scrubin_process_resident_memory_bytes', 'gauge', 'Resident set size.', mem.rss);
  metric('scrubin_process_heap_used_bytes', 'gauge', 'V8 heap used.', mem.heapUsed);
  metric('scrubin_process_uptime_seconds', 'gauge', 'Process uptime.', process.uptime());
  return lines.join('\n') + '\n';
}
