import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandHost } from '../program.js';

/** `scrubin serve`: the platform on one port. */
export function registerServeCommand(program: Command, host: CommandHost): void {
  program
    .command('serve')
    .description(
      'Run the platform: the XR client, REST, Socket.IO and the API docs on one port, with the embedded in-memory database unless MONGODB_URI is set',
    )
    .option('--port <port>', 'TCP port (env PORT)', parsePort)
    .option('--host <host>', 'interface to listen on (env HOST)')
    .option(
      '--log-level <level>',
      'server log level on stderr: debug, info, warn, error (env LOG_LEVEL)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  scrubin serve\n  PORT=8080 PUBLIC_URL=https://sim.example.org MONGODB_URI=mongodb://db/scrubin scrubin serve\n\nEnvironment: PORT, HOST, MONGODB_URI, DATA_DIR, EVENT_LOG_MAX_QUEUE, JWT_SECRET, PUBLIC_URL, CORS_ORIGINS, SEAT_HOLD_MS, ICE_SERVERS, TLS_CERT_FILE, TLS_KEY_FILE, LOG_LEVEL (see the README).',
    )
    .action((opts: { port?: number; host?: string; logLevel?: string }) =>
      host.run(async (ctx) => {
        // Loaded here: the server is heavy and only this command needs it.
        const { optionsFromEnv, startServer } = await import('@scrubin/server');
        const env = optionsFromEnv(ctx.io.env);
        const server = await startServer({
          ...env,
          ...(opts.port !== undefined ? { port: opts.port } : {}),
          ...(opts.host ? { host: opts.host } : {}),
          logLevel: opts.logLevel ?? env.logLevel ?? 'warn',
        }).catch((err: unknown) => {
          const e = err as { code?: string; message?: string };
          if (e.code === 'EADDRINUSE') {
            throw new CliError(
              `Port ${opts.port ?? env.port ?? 3000} is in use`,
              EXIT.USAGE,
              'Pick another with --port or PORT.',
            );
          }
          throw err;
        });
        const base = server.publicUrl;
        const urls = {
          url: base,
          app: `${base}/surgery-simulation`,
          api: `${base}/api`,
          docs: `${base}/docs`,
          socket: `${base}/socket.io`,
          embeddedDatabase: server.embeddedDatabase,
        };
        ctx.print(urls, () =>
          [
            `${ctx.style('Scrub In', 'bold')} is running on ${ctx.style(base, 'cyan')}`,
            `  App       ${urls.app}`,
            `  REST      ${urls.api}`,
            `  API docs  ${urls.docs}`,
            `  Socket.IO ${urls.socket}`,
          ].join('\n'),
        );
        if (server.embeddedDatabase) {
          ctx.info(
            ctx.style(
              'MONGODB_URI is not set: using the embedded in-memory database. Data is lost when the server stops, and writes slow down past about 750 accounts or 600 sessions: use MongoDB beyond a trial.',
              'yellow',
            ),
          );
          ctx.info(
            `Embedded database: ${server.databaseUri} (for \`scrubin db export --uri\` while this runs)`,
          );
        }
        ctx.info(ctx.style('Press Ctrl+C to stop.', 'dim'));
        const report = await new Promise<{ spilled: number; file?: string }>((resolve) => {
          let stopping = false;
          const stop = (signal: string) => {
            if (stopping) return;
            stopping = true;
            ctx.info(`${signal}: storing the queued events and stopping…`);
            server.close().then(resolve, (err: unknown) => {
              ctx.info(`shutdown failed: ${String(err)}`);
              resolve({ spilled: 0 });
            });
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
        // A frozen database can keep the driver's sockets open after the close: do not wait on
        // them once everything is stored or spilled (the exit code is set by then).
        setTimeout(() => process.exit(), 2000).unref();
        if (report.spilled > 0) {
          throw new CliError(
            `The database did not take ${report.spilled} events before shutdown; they are saved in ${report.file}`,
            EXIT.SPILLED,
            'The next `scrubin serve` with the same DATA_DIR imports them before it serves.',
          );
        }
        ctx.info('Stopped.');
      }),
    );
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`Not a port: ${value}`, EXIT.USAGE);
  return port;
}
