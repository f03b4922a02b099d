import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import createDebug from 'debug';

const debug = createDebug('scrubin:server:embedded-db');

/** A running embedded database. */
export interface EmbeddedDatabase {
  /** Connection string, `mongodb://127.0.0.1:<port>/<database>`. */
  uri: string;
  pid: number;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Database name. @default 'scrubin' */
  database?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Give up if it has not printed its URI by then. @default 30000 */
  startTimeoutMs?: number;
}

function binaryPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  return join(dirname(pkg), 'bin', 'jongodb');
}

/**
 * Starts the MongoDB-compatible in-memory server shipped in
 * `@jongodb/memory-server-bin-linux-x64-gnu` on a free port. Data lives in memory only.
 * @example
 * const db = await startEmbeddedDatabase();
 * await mongoose.connect(db.uri, { autoCreate: false });
 * await db.stop();
 */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const child = spawn(
    binaryPath(),
    [
      '--host=127.0.0.1',
      `--port=${options.port ?? 0}`,
      `--database=${options.database ?? 'scrubin'}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The embedded database did not start within ${options.startTimeoutMs ?? 30000} ms`,
        ),
      );
    }, options.startTimeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const match = /JONGODB_URI=(\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`Could not start the embedded database: ${err.message}`, { cause: err }));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The embedded database exited with code ${code}: ${stderr.trim()}`));
    });
  });
  // Keep draining output so the pipe never fills.
  child.stdout.resume();
  // If this process exits without stop() (a crash, process.exit), don't leave the database behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  debug('started pid %d at %s', child.pid, uri);
  let stopping: Promise<void> | undefined;
  return {
    uri,
    pid: child.pid ?? -1,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        debug('stopped');
      })();
      return stopping;
    },
  };
}
