/**
 * A real server whose database can be put back to an earlier backup under its clients, as an
 * operator restoring a backup would: the server stops, a fresh embedded database gets the
 * backup, and a new server starts on the same port. Clients reconnect by themselves and find a
 * log that ends before what they saw, so their rejoin is answered `RESYNC_REQUIRED`.
 */
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  NO_RATE_LIMITS,
  exportDatabase,
  importDatabase,
  startEmbeddedDatabase,
  startServer,
  type EmbeddedDatabase,
  type RunningServer,
} from '@scrubin/server';

/** One server at a time on a fixed port, over a database that can be restored. */
export interface RestorableServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: the same before and after a restore. */
  readonly url: string;
  /** The whole database now, as `scrubin db export` writes it (taken while the server runs). */
  backup(): Promise<Buffer>;
  /** Stops the server, loads `backup` into a fresh database and serves it on the same port. */
  restore(backup: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Tokens must survive a restore: every server of the helper signs with this secret. */
const JWT_SECRET = 'scrubin-restore-test';

async function serve(db: EmbeddedDatabase, port: number): Promise<RunningServer> {
  return startServer({
    port,
    host: '127.0.0.1',
    jwtSecret: JWT_SECRET,
    logLevel: 'silent',
    mongodbUri: db.uri,
    rateLimits: NO_RATE_LIMITS,
  });
}

/**
 * Starts a server on a free port over its own embedded database.
 * @example
 * await using server = await startRestorableServer();
 * const backup = await server.backup();
 * // … events the backup does not hold …
 * await server.restore(backup);
 */
export async function startRestorableServer(): Promise<RestorableServer> {
  let db = await startEmbeddedDatabase();
  let server: RunningServer;
  try {
    server = await serve(db, 0);
  } catch (err) {
    await db.stop();
    throw err;
  }
  const port = server.port;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await server.close();
      await db.stop();
    })());
  return {
    url: `http://127.0.0.1:${port}`,
    async backup() {
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(Buffer.from(chunk));
          done();
        },
      });
      await exportDatabase(db.uri, sink);
      sink.end();
      await finished(sink);
      return Buffer.concat(chunks);
    },
    async restore(backup) {
      await server.close();
      const restored = await startEmbeddedDatabase();
      try {
        await importDatabase(restored.uri, Readable.from([backup]));
        server = await serve(restored, port);
      } catch (err) {
        await restored.stop();
        throw err;
      }
      const old = db;
      db = restored;
      await old.stop();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
