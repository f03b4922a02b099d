import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI_SOURCE = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url));

/** `scrubin serve` in its own process, for tests that kill it. */
export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Resolves with its exit code (or 128 + signal number) once it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `scrubin serve --json` from the source on a free port with `env` added, and waits for
 * the URL it prints.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@scrubin/source',
      '--import',
      'tsx',
      CLI_SOURCE,
      '--json',
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += String(d);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`serve did not start in 60 s:\n${stderr}`)),
      60_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const match = /"url":\s*"([^"]+)"/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before it started:\n${stderr}`));
    });
  });
  return { url, pid: child.pid!, child, stderr: () => stderr, exited };
}
