import type { Command } from 'commander';
import { clearCredentials, saveCredentials } from '../config.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandHost } from '../program.js';
import { readPassword } from '../prompt.js';

/** register, login, logout, whoami. */
export function registerAccountCommands(program: Command, host: CommandHost): void {
  program
    .command('register')
    .description('Create an account on the server and sign in')
    .requiredOption('-e, --email <email>', 'your email')
    .requiredOption('-n, --name <name>', 'your name as others see it')
    .option(
      '-p, --password-stdin',
      'read the password from stdin (the default when stdin is not a terminal)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  scrubin register -e ada@example.org -n "Dr Ada Lin"\n  echo "$PASSWORD" | scrubin register -e ci@example.org -n CI --password-stdin',
    )
    .action((opts: { email: string; name: string }) =>
      host.run(async (ctx) => {
        const password = await readPassword(ctx, 'Choose a password (8+ characters): ');
        const client = await ctx.client({ auth: false });
        const auth = await client.register({ email: opts.email, password, name: opts.name });
        const server = await ctx.serverUrl();
        const path = await saveCredentials(
          { server, token: auth.token, user: auth.user },
          ctx.io.env,
        );
        ctx.print(
          { user: auth.user, server },
          () => `Registered and signed in as ${auth.user.name} <${auth.user.email}> on ${server}`,
        );
        ctx.info(ctx.style(`Credentials saved in ${path}`, 'dim'));
      }),
    );

  program
    .command('login')
    .description(
      'Sign in; the token is kept in $XDG_CONFIG_HOME/scrubin/credentials.json (mode 600)',
    )
    .requiredOption('-e, --email <email>', 'your email')
    .option(
      '-p, --password-stdin',
      'read the password from stdin (the default when stdin is not a terminal)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  scrubin login -e ada@example.org\n  scrubin --server https://scrubin.example.org login -e ada@example.org < password.txt',
    )
    .action((opts: { email: string }) =>
      host.run(async (ctx) => {
        const password = await readPassword(ctx, 'Password: ');
        const client = await ctx.client({ auth: false });
        const auth = await client.login({ email: opts.email, password });
        const server = await ctx.serverUrl();
        await saveCredentials({ server, token: auth.token, user: auth.user }, ctx.io.env);
        ctx.print(
          { user: auth.user, server },
          () => `Signed in as ${auth.user.name} <${auth.user.email}> on ${server}`,
        );
      }),
    );

  program
    .command('logout')
    .description('Forget the stored token')
    .action(() =>
      host.run(async (ctx) => {
        const removed = await clearCredentials(ctx.io.env);
        ctx.print({ signedOut: removed }, () =>
          removed ? 'Signed out.' : 'Nobody was signed in.',
        );
      }),
    );

  program
    .command('whoami')
    .description('Show who you are signed in as, and where')
    .action(() =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const user = await client.me();
        const server = await ctx.serverUrl();
        ctx.print({ user, server }, () => `${user.name} <${user.email}> on ${server}`);
      }),
    );
}

/** Refuses an interactive-only action without a terminal. */
export function requireTerminal(interactive: boolean, what: string): void {
  if (!interactive) throw new CliError(`${what} needs a terminal`, EXIT.USAGE);
}
