/**
 * The full app path: the real server (`startServer` from @scrubin/server) on the embedded
 * database, with rate limits raised so that the benchmark is not throttled. Auth, validation,
 * sequencing and the event-log enqueue all run as in production.
 *
 * Runs as a child of bench/relay/run.ts, which measures its CPU over IPC (see child-stats.ts);
 * the embedded database is a separate process whose CPU is reported apart.
 * Argument: `--log-level <pino level>` (default `info`). With `MONGODB_URI` set, that database is
 * used instead of the embedded one (its CPU is then not reported).
 */
import { NO_RATE_LIMITS, startEmbeddedDatabase, startServer } from '@scrubin/server';
import { sendToParent, serveMarks } from './child-stats.js';

const levelFlag = process.argv.indexOf('--log-level');
const logLevel = levelFlag >= 0 ? (process.argv[levelFlag + 1] ?? 'info') : 'info';

try {
  const external = process.env.MONGODB_URI;
  const db = external ? undefined : await startEmbeddedDatabase();
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    mongodbUri: external ?? db!.uri,
    jwtSecret: 'relay-bench',
    logLevel,
    rateLimits: NO_RATE_LIMITS,
  });
  serveMarks(server.url, async () => {
    await server.close();
    await db?.stop();
  });
} catch (err) {
  sendToParent({
    type: 'failed',
    message: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  process.exit(1);
}
