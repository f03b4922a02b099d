import { createServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { LIMITS } from '@scrubin/protocol';
import { destination, pino, type Logger } from 'pino';
import { Server as SocketServer } from 'socket.io';
import { TokenService } from './auth/tokens.js';
import { resolveOptions, type ServerOptions, type ServerOptionsInput } from './config.js';
import { connectDatabase } from './db/connect.js';
import { DatabaseMonitor } from './db/database-monitor.js';
import { EMBEDDED_LIMITS, EmbeddedUsage, type EmbeddedUsageReport } from './db/embedded-limits.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.js';
import { EventLog, type CloseReport } from './eventlog/event-log.js';
import { PARTITIONED_LAYOUT, SINGLE_LAYOUT } from './eventlog/layout.js';
import { createApp } from './http/app.js';
import { Metrics } from './metrics.js';
import { Gateway, roomOf } from './realtime/gateway.js';
import { RoomFrames } from './realtime/room-frames.js';
import { RuntimeRegistry } from './realtime/runtime-registry.js';
import { SessionService } from './sessions/session-service.js';
import { ReplayWorker } from './scoring/replay-worker.js';
import { SessionScorer } from './scoring/session-scorer.js';
import type { RoomBroadcaster } from './realtime/session-runtime.js';

const VERSION = '0.1.0';

/** A started server. */
export interface RunningServer {
  /** Base URL on loopback, e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  /** Origin used in share links. */
  publicUrl: string;
  /** Whether it started its own in-memory database. */
  embeddedDatabase: boolean;
  databaseUri?: string;
  options: ServerOptions;
  logger: Logger;
  http: HttpServer;
  io: SocketServer;
  /**
   * Graceful stop: closes sockets, stores the queued events (for up to
   * `eventLog.shutdownFlushMs`), closes the database connection. What the database did not take
   * is written to a spill file that the next start imports: the report says how many and where.
   */
  close(): Promise<CloseReport>;
}

/**
 * Starts REST and Socket.IO on one port, on MongoDB (or the embedded database when no
 * `mongodbUri` is given).
 * @example
 * const server = await startServer({ port: 0 });
 * console.log(server.url);
 * await server.close();
 */
export async function startServer(input: ServerOptionsInput = {}): Promise<RunningServer> {
  const options = resolveOptions(input);
  // Logs are diagnostics: stderr, so stdout stays for a command's data.
  const logger = pino({ level: options.logLevel, base: undefined }, destination(2));
  let embedded: EmbeddedDatabase | undefined;
  if (!options.mongodbUri) embedded = await startEmbeddedDatabase();
  const uri = options.mongodbUri ?? embedded!.uri;
  const { conn, models } = await connectDatabase(uri, { timeoutMs: options.dbTimeoutMs }).catch(
    async (err: unknown) => {
      await embedded?.stop();
      throw err;
    },
  );
  const database = new DatabaseMonitor(conn, {
    onChange: (status) =>
      status.up
        ? logger.info('database answers again')
        : logger.warn({ reason: status.reason }, 'database down'),
  });
  database.start();

  const metrics = new Metrics();
  const db = conn.db!;
  const partitioned =
    options.eventLog.layout === 'partitioned' ||
    (options.eventLog.layout === 'auto' && (Boolean(embedded) || (await isEmbeddedStore(conn))));
  const { log: eventLog, recovery } = await EventLog.open(
    db,
    options.eventLog,
    partitioned ? PARTITIONED_LAYOUT : SINGLE_LAYOUT,
    (err, what) => logger.warn({ err }, what),
  ).catch(async (err: unknown) => {
    await conn.close();
    await embedded?.stop();
    throw err;
  });
  // The embedded store slows down as accounts and sessions accumulate: say where, and watch it.
  const usage = partitioned ? new EmbeddedUsage(models) : undefined;
  let usageReport: EmbeddedUsageReport | undefined;
  const checkUsage = () =>
    usage?.report().then(
      (report) => {
        if (report.nearLimit && !usageReport?.nearLimit)
          logger.warn({ reasons: report.reasons }, 'the embedded database nears its limits');
        usageReport = report;
      },
      (err: unknown) => logger.debug({ err }, 'counting accounts and sessions failed'),
    );
  if (usage) {
    logger.info(
      EMBEDDED_LIMITS,
      'embedded database: writes pass 20 ms beyond about this many accounts and sessions; use MongoDB (MONGODB_URI) for more',
    );
    void checkUsage();
  }
  const usageTimer = setInterval(() => void checkUsage(), 60_000).unref();
  if (recovery.spilledEntries > 0) {
    logger.warn(
      { entries: recovery.spilledEntries, files: recovery.spillFiles },
      'imported events a shutdown had spilled to files',
    );
  }
  if (recovery.journalEntries > 0 || recovery.legacyEntries > 0) {
    logger.info(
      { journal: recovery.journalEntries, legacy: recovery.legacyEntries },
      'folded the event log left by an earlier process into buckets',
    );
  }
  // Socket.IO wraps the request listeners present when it attaches, so the app is reached
  // through this one, set once the app exists.
  let handleRequest: RequestListener = (_req, res) => res.writeHead(503).end();
  const listener: RequestListener = (req, res) => handleRequest(req, res);
  const http = options.tls ? createSecureServer(options.tls, listener) : createServer(listener);
  const scheme = options.tls ? 'https' : 'http';
  const io = new SocketServer(http, {
    maxHttpBufferSize: LIMITS.socketPayloadBytes,
    cors: { origin: options.corsOrigins === '*' ? '*' : options.corsOrigins },
    serveClient: false,
  });
  const frames = new RoomFrames(io, metrics.frames);
  const broadcaster: RoomBroadcaster = {
    emit(sessionId, event, payload, except) {
      frames.emit(roomOf(sessionId), event, payload, { except });
    },
  };
  const registry = new RuntimeRegistry(models, eventLog, broadcaster);
  const service = new SessionService(models, registry, eventLog);
  const replayWorker = new ReplayWorker();
  const scorer = new SessionScorer(models, eventLog, replayWorker, broadcaster, logger);
  let publicUrl = options.publicUrl ?? '';
  const { app, limiters } = createApp({
    options,
    models,
    tokens: new TokenService(options.jwtSecret, options.jwtTtlS),
    service,
    recordingOf: (doc) => scorer.recording(doc),
    logger,
    publicUrl: () => publicUrl,
    embeddedDatabase: Boolean(embedded),
    version: VERSION,
    snapshot: () => ({
      metrics,
      eventLog: eventLog.stats(),
      sockets: io.engine.clientsCount,
      liveSessions: registry.size,
      databaseUp: database.status().up,
      embeddedNearLimit: usageReport?.nearLimit,
      databasePingMs: database.status().latencyMs,
    }),
    database: () => database.status(),
    warnings: () => usageReport?.reasons ?? [],
  });

  handleRequest = app;
  const gateway = new Gateway({
    io,
    frames,
    tokens: new TokenService(options.jwtSecret, options.jwtTtlS),
    service,
    registry,
    eventLog,
    options,
    metrics,
    logger,
    publicUrl: () => publicUrl,
  });
  service.hooks = {
    evictUser: (sessionId, userId) => gateway.evictUser(sessionId, userId),
    completed: (sessionId) => {
      gateway.endVoice(sessionId);
      void scorer.score(sessionId);
    },
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  publicUrl = (options.publicUrl ?? `${scheme}://localhost:${port}`).replace(/\/+$/, '');
  logger.info({ port, embeddedDatabase: Boolean(embedded) }, 'listening');
  void gateway
    .holdSeatsAfterStart()
    .then((held) => held > 0 && logger.info({ held }, 'holding the seats open before the start'))
    .catch((err: unknown) =>
      logger.warn({ err }, 'holding the seats open before the start failed'),
    );
  void scorer
    .scoreBacklog()
    .catch((err: unknown) => logger.warn({ err }, 'scoring the backlog failed'));

  let closing: Promise<CloseReport> | undefined;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    publicUrl,
    embeddedDatabase: Boolean(embedded),
    databaseUri: uri,
    options,
    logger,
    http,
    io,
    close() {
      closing ??= (async () => {
        gateway.close();
        clearInterval(usageTimer);
        // Disconnecting sockets appends their leave events; the log stores them after.
        await new Promise<void>((resolve) => io.close(() => resolve()));
        registry.close();
        for (const limiter of limiters) limiter.close();
        const report = await eventLog.close();
        if (report.spilled > 0) {
          logger.error(
            { entries: report.spilled, file: report.file },
            'the database did not take every event before shutdown: they are in a spill file that the next start imports',
          );
        }
        await replayWorker.close();
        await database.close();
        // A stalled database must not hold the shutdown: the spill file has what it lacks.
        await Promise.race([conn.close(true), delay(2000)]);
        await embedded?.stop();
        return report;
      })();
      return closing;
    },
  };
}

/** Whether the database is the embedded MongoDB-compatible store (its costs grow per collection). */
async function isEmbeddedStore(conn: {
  db?: { admin(): { command(c: object): Promise<unknown> } };
}) {
  try {
    const info = (await conn.db!.admin().command({ buildInfo: 1 })) as { gitVersion?: string };
    return info.gitVersion === 'jongodb';
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
