/**
 * CLI test helpers: build the binary once, one real server per test file (port 0, embedded
 * database), and the built `scrubin` run as a child process with its own config folder.
 * No mocks: the binary talks HTTP and Socket.IO to the real server.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { NO_RATE_LIMITS, startServer } from '@scrubin/server';
import { createScrubinClient, type ScrubinClient } from '@scrubin/sdk';

type ServerOptionsInput = NonNullable<Parameters<typeof startServer>[0]>;
type RunningServer = Awaited<ReturnType<typeof startServer>>;

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The launcher `npm i -g` installs: runs `dist/bin.js`. */
export const BIN = join(ROOT, 'packages/cli/bin/scrubin.js');
export const PASSWORD = 'correct horse battery staple';

// ---------------------------------------------------------------------------------------------
// Build once.

/** Workspace packages the binary loads at run time, in build order, with their entry file. */
const RUNTIME_PACKAGES = [
  ['protocol', 'dist/index.js'],
  ['sim', 'dist/index.js'],
  ['server', 'dist/index.js'],
  ['sdk', 'dist/index.js'],
  ['cli', 'dist/bin.js'],
] as const;

/**
 * Builds the CLI (and any workspace package it loads) whose `dist` is missing or older than its
 * sources. Cheap when everything is fresh, so every test file may call it; `npm test` builds
 * before vitest anyway. A lock folder keeps two test processes from building at once.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(tmpdir(), 'scrubin-cli-test-build.lock');
  await acquireLock(lock);
  try {
    for (const [name, entry] of RUNTIME_PACKAGES) {
      const dir = join(ROOT, 'packages', name);
      const built = await mtimeOf(join(dir, entry));
      const sources = Math.max(
        await newestMtime(join(dir, 'src')),
        await mtimeOf(join(dir, 'package.json')),
        await mtimeOf(join(dir, 'tsup.config.ts')),
      );
      if (built >= sources) continue;
      await promisify(execFile)('npm', ['run', 'build', '-w', `@scrubin/${name}`], {
        cwd: ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
    }
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

async function acquireLock(path: string, timeoutMs = 180_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(path);
      return;
    } catch {
      const age = Date.now() - (await mtimeOf(path));
      if (age > timeoutMs || Date.now() - started > timeoutMs) {
        await rmdir(path).catch(() => undefined); // stale: its owner died
      } else {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}

async function mtimeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.mtimeMs,
    () => 0,
  );
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, await mtimeOf(join(entry.parentPath, entry.name)));
  }
  return newest;
}

// ---------------------------------------------------------------------------------------------
// Running the binary.

/** What one run of `scrubin` did. */
export interface CliResult {
  /** Exit code (null if killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON; throws with both streams in the message when it is not JSON. */
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RunOptions {
  /** `XDG_CONFIG_HOME` of the run (where credentials live). @default a new empty folder */
  configDir?: string;
  /** `SCRUBIN_SERVER`; `null` leaves it unset. @default the fixture's server */
  server?: string | null;
  /** Extra environment variables (`undefined` removes one). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is never a terminal). @default '' */
  input?: string;
  /** Kill the process after this long. @default 20000 */
  timeoutMs?: number;
  /** Sends the process SIGTERM when it aborts, as a supervisor stopping it would. */
  stop?: AbortSignal;
}

/**
 * Runs the built binary (`node packages/cli/bin/scrubin.js …`) as a child process. The
 * environment is minimal and deterministic: PATH, a temp HOME, XDG_CONFIG_HOME and, when given,
 * SCRUBIN_SERVER. Asynchronous on purpose: the server under test runs in this process.
 * @example const r = await runScrubin(['list', '--json'], { server: url, configDir });
 */
export async function runScrubin(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const configDir = options.configDir ?? (await tempDir('cfg'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: configDir,
    XDG_CONFIG_HOME: configDir,
  };
  if (options.server) env.SCRUBIN_SERVER = options.server;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined); // the command may exit before reading stdin
  child.stdin.end(options.input ?? '');
  const onStop = () => child.kill('SIGTERM');
  options.stop?.addEventListener('abort', onStop, { once: true });
  const timeoutMs = options.timeoutMs ?? 20_000;
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `scrubin ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      options.stop?.removeEventListener('abort', onStop);
      resolve(exitCode);
    });
  });
  return {
    code,
    stdout,
    stderr,
    json() {
      try {
        return JSON.parse(stdout);
      } catch {
        throw new Error(
          `scrubin ${args.join(' ')}: stdout is not JSON (exit ${code})\nstdout: ${stdout}\nstderr: ${stderr}`,
        );
      }
    },
  };
}

/**
 * Runs the CLI in this process through `runCli` (the source, not the build), with a stdout that
 * can claim to be a terminal: for what only happens on a TTY.
 */
export async function runScrubinInProcess(
  args: string[],
  options: { env: Record<string, string>; stdoutIsTty?: boolean },
): Promise<InProcessResult> {
  const { runCli } = await import('../src/program.js');
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void, isTTY: boolean) =>
    Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          append(chunk.toString('utf8'));
          done();
        },
      }),
      { isTTY, columns: 100 },
    );
  const stdin = Object.assign(Readable.from([]), { isTTY: false });
  const code = await runCli(args, {
    stdout: sink((s) => (stdout += s), options.stdoutIsTty ?? false),
    stderr: sink((s) => (stderr += s), false),
    stdin,
    env: options.env,
  });
  return {
    code,
    stdout,
    stderr,
    json: () => JSON.parse(stdout),
  };
}

/** What an in-process run did. */
export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

// ---------------------------------------------------------------------------------------------
// Fixture: one server per test file, users registered through the CLI.

/** Someone registered with `scrubin register`, whose credentials live in `configDir`. */
export interface CliUser {
  id: string;
  name: string;
  email: string;
  token: string;
  /** This user's XDG_CONFIG_HOME. */
  configDir: string;
  /** Runs `scrubin` as this user against the fixture's server. */
  run(args: string[], options?: Omit<RunOptions, 'configDir'>): Promise<CliResult>;
  /** Runs the CLI source in this process as this user (cheap: for argument checks, TTY paths). */
  runInProcess(args: string[], options?: { stdoutIsTty?: boolean }): Promise<InProcessResult>;
  /**
   * The SDK client signed in as this user (the same one each time), to arrange fast what a test
   * does not exercise, e.g. create a session or take a seat.
   */
  sdk(): ScrubinClient;
}

export interface CliFixture {
  readonly url: string;
  readonly server: RunningServer;
  /** Runs `scrubin` as nobody (an empty config folder) against the fixture's server. */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  /** Registers a new user through `scrubin register` (password on stdin). */
  user(name?: string): Promise<CliUser>;
}

/**
 * Builds the binary if needed and starts one real server for the test file (`beforeAll`);
 * stops it and removes temp folders in `afterAll`.
 * @example const fx = useCliServer(); it('…', async () => { const ada = await fx.user('Ada'); … });
 */
export function useCliServer(options: Omit<ServerOptionsInput, 'mongodbUri'> = {}): CliFixture {
  let server: RunningServer | undefined;
  const clients: ScrubinClient[] = [];
  beforeAll(async () => {
    const [, started] = await Promise.all([
      ensureBuilt(),
      startServer({
        port: 0,
        host: '127.0.0.1',
        jwtSecret: 'scrubin-cli-test',
        logLevel: 'silent',
        ...options,
        rateLimits: { ...NO_RATE_LIMITS, ...options.rateLimits },
      }),
    ]);
    server = started;
  }, 240_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
    await removeTempDirs();
  });
  const running = () => {
    if (server === undefined) throw new Error('the CLI server fixture is not started');
    return server;
  };
  const fixture: CliFixture = {
    get url() {
      return running().url;
    },
    get server() {
      return running();
    },
    run: (args, runOptions = {}) => runScrubin(args, { server: running().url, ...runOptions }),
    async user(name = 'Dr Test') {
      const configDir = await tempDir('user');
      const email = `${uniqueTag('u')}@example.org`;
      const result = await runScrubin(['--json', 'register', '-e', email, '-n', name], {
        server: running().url,
        configDir,
        input: `${PASSWORD}\n`,
      });
      if (result.code !== 0) {
        throw new Error(`scrubin register failed (${result.code}): ${result.stderr}`);
      }
      const credentials = JSON.parse(
        await readFile(join(configDir, 'scrubin', 'credentials.json'), 'utf8'),
      ) as { token: string; user: { id: string } };
      let client: ScrubinClient | undefined;
      return {
        id: credentials.user.id,
        name,
        email,
        token: credentials.token,
        configDir,
        run: (args, runOptions = {}) =>
          runScrubin(args, { server: running().url, ...runOptions, configDir }),
        runInProcess: (args, inProcess = {}) =>
          runScrubinInProcess(args, {
            env: { XDG_CONFIG_HOME: configDir, SCRUBIN_SERVER: running().url },
            ...inProcess,
          }),
        sdk() {
          if (client === undefined) {
            client = createScrubinClient({ baseUrl: running().url, token: credentials.token });
            clients.push(client);
          }
          return client;
        },
      };
    },
  };
  return fixture;
}

const tempDirs = new Set<string>();
/** A new temp folder, removed by the fixture's `afterAll` (or {@link removeTempDirs}). */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `scrubin-cli-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Removes the temp folders made so far (for files that start their own server). */
export async function removeTempDirs(): Promise<void> {
  const dirs = [...tempDirs];
  tempDirs.clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

let counter = 0;
/** A unique lower-case tag for emails and titles. */
export function uniqueTag(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}${counter++}`;
}

/** A local port nothing listens on (for "server unreachable"). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
