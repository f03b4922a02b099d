import { createScrubinClient, type ScrubinClient } from '@scrubin/sdk';
import { loadCredentials, type Credentials } from './config.js';
import { CliError, toCliError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** Where the CLI reads and writes: the process's streams, or a test's. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Options every command takes. */
export interface GlobalOptions {
  server?: string;
  token?: string;
  json?: boolean;
  color?: boolean;
}

export const DEFAULT_SERVER = 'http://localhost:3000';

/** What a command needs: options resolved once, output helpers, a client. */
export class Context {
  #credentials: Credentials | null | undefined;

  constructor(
    readonly io: Io,
    readonly globals: GlobalOptions,
  ) {}

  get json(): boolean {
    return Boolean(this.globals.json);
  }

  /** Colours only on a terminal, never with NO_COLOR or --no-color. */
  get color(): boolean {
    return this.globals.color !== false && !this.io.env.NO_COLOR && Boolean(this.io.stdout.isTTY);
  }

  get interactive(): boolean {
    return Boolean(this.io.stdin.isTTY);
  }

  async credentials(): Promise<Credentials | null> {
    if (this.#credentials === undefined) this.#credentials = await loadCredentials(this.io.env);
    return this.#credentials;
  }

  /** --server, then SCRUBIN_SERVER, then the server you logged in to, then localhost:3000. */
  async serverUrl(): Promise<string> {
    const url =
      this.globals.server ??
      this.io.env.SCRUBIN_SERVER ??
      (await this.credentials())?.server ??
      DEFAULT_SERVER;
    try {
      return new URL(url).origin;
    } catch {
      throw new CliError(
        `Not a URL: ${url}`,
        EXIT.USAGE,
        'Use e.g. --server http://localhost:3000',
      );
    }
  }

  /** --token, then SCRUBIN_TOKEN, then the stored login for this server. */
  async token(): Promise<string | undefined> {
    if (this.globals.token) return this.globals.token;
    if (this.io.env.SCRUBIN_TOKEN) return this.io.env.SCRUBIN_TOKEN;
    const creds = await this.credentials();
    return creds && creds.server === (await this.serverUrl()) ? creds.token : undefined;
  }

  /** A client for the server; with `auth`, fails early when nobody is signed in. */
  async client({ auth = true } = {}): Promise<ScrubinClient> {
    const baseUrl = await this.serverUrl();
    const token = await this.token();
    if (auth && !token) {
      throw new CliError(
        `Not signed in to ${baseUrl}`,
        EXIT.UNAUTHENTICATED,
        'Run `scrubin login` (or `scrubin register`), or pass --token / SCRUBIN_TOKEN.',
      );
    }
    return createScrubinClient({ baseUrl, token });
  }

  /** Prints data: JSON with --json, else the human form. */
  print(data: unknown, human: () => string): void {
    this.io.stdout.write(
      this.json ? JSON.stringify(data, null, 2) + '\n' : human().replace(/\n?$/, '\n'),
    );
  }

  /** A diagnostic line on stderr (never data). */
  info(message: string): void {
    this.io.stderr.write(message + '\n');
  }

  /** Styles text when colours are on. */
  style(text: string, style: 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan'): string {
    if (!this.color) return text;
    const codes = {
      bold: [1, 22],
      dim: [2, 22],
      red: [31, 39],
      green: [32, 39],
      yellow: [33, 39],
      cyan: [36, 39],
    };
    const [open, close] = codes[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  }

  /** Reports an error on stderr and gives the exit code. */
  async fail(err: unknown): Promise<ExitCode> {
    const e = toCliError(err, await this.serverUrl().catch(() => undefined));
    this.io.stderr.write(`${this.style('error', 'red')}: ${e.message}\n`);
    if (e.hint) this.io.stderr.write(`${e.hint}\n`);
    return e.exitCode;
  }
}

/** Lays rows out in columns. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
