import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  LIMITS,
  ROLES,
  SCENARIO_IDS,
  SESSION_STATUSES,
  ScrubinError,
  formatShareCode,
  type ParticipantRecord,
  type Role,
  type ScenarioId,
  type SessionDetails,
  type SessionStatus,
} from '@scrubin/protocol';
import type { ScrubinClient, SessionSummary, User } from '@scrubin/sdk';
import { formatTable, type Context } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandHost } from '../program.js';
import { terminalQr, wantsQr } from '../qr.js';
import { resolveSession, resolveSessionId } from '../resolve-session.js';

type ParticipantScore = NonNullable<SessionDetails['scoreDetails']>['participants'][number];

/** create, list, show, mine, and the host actions roles, kick, rotate, end. */
export function registerSessionCommands(program: Command, host: CommandHost): void {
  program
    .command('create')
    .description(
      'Create a session you host; prints its share link, its code and a QR code of the link',
    )
    .requiredOption('--title <title>', `title (1–${LIMITS.titleMaxChars} characters)`)
    .addOption(
      new Option('--scenario <id>', 'scenario (see `scrubin scenarios`)')
        .choices(SCENARIO_IDS)
        .makeOptionMandatory(),
    )
    .option('--description <text>', 'what the session is about')
    .option(
      '--max-participants <n>',
      `seats, host included (${LIMITS.minParticipants}–${LIMITS.maxParticipants}, default ${LIMITS.defaultMaxParticipants})`,
      intArg(LIMITS.minParticipants, LIMITS.maxParticipants),
    )
    .option('--invite-only', 'keep it out of `scrubin list`: only the code or link lets people in')
    .option('--qr', 'draw the QR code even when stdout is not a terminal (with --json: on stderr)')
    .option('--no-qr', 'never draw the QR code')
    .addHelpText(
      'after',
      `
Examples:
  scrubin create --title "Suturing drill" --scenario interrupted-suture
  scrubin create --title "Team lap" --scenario cardiac-surgery --max-participants 8 --invite-only
  scrubin create --title CI --scenario skin-incision --json | jq -r .shareableCode`,
    )
    .action(
      (opts: {
        title: string;
        scenario: ScenarioId;
        description?: string;
        maxParticipants?: number;
        inviteOnly?: boolean;
        qr?: boolean;
      }) =>
        host.run(async (ctx) => {
          const client = await ctx.client();
          const { session, shareableLink } = await client.createSession({
            title: opts.title,
            scenario: opts.scenario,
            ...(opts.description !== undefined ? { description: opts.description } : {}),
            ...(opts.maxParticipants !== undefined
              ? { maxParticipants: opts.maxParticipants }
              : {}),
            inviteOnly: Boolean(opts.inviteOnly),
          });
          const shareableCode = formatShareCode(session.shareableCode);
          const qr =
            opts.qr !== false && wantsQr(opts.qr, ctx.io.stdout.isTTY)
              ? await terminalQr(shareableLink)
              : undefined;
          ctx.print({ session, shareableLink, shareableCode }, () =>
            [
              `Created ${ctx.style(session.title, 'bold')} (${session.scenario}, ${
                session.inviteOnly ? 'invite only' : 'public'
              }, ${session.maxParticipants} seats)`,
              `  Code  ${ctx.style(shareableCode, 'cyan')}`,
              `  Link  ${shareableLink}`,
              `  ID    ${session.sessionId}`,
              ...(qr !== undefined ? ['', qr.trimEnd()] : []),
            ].join('\n'),
          );
          if (qr !== undefined && ctx.json) ctx.io.stderr.write(qr);
          ctx.info(ctx.style(`Join it live: scrubin join ${shareableCode}`, 'dim'));
        }),
    );

  program
    .command('list')
    .description('List the public sessions that can be joined, newest first')
    .addOption(new Option('--scenario <id>', 'only this scenario').choices(SCENARIO_IDS))
    .option('--search <text>', 'text to find in the title (case-insensitive)')
    .option('--page <n>', 'page number (default 1)', intArg(1, 10_000))
    .option('--limit <n>', 'sessions per page, 1–100 (default 20)', intArg(1, 100))
    .addHelpText(
      'after',
      `
Examples:
  scrubin list
  scrubin list --scenario interrupted-suture --search drill
  scrubin list --limit 100 --json | jq -r '.sessions[].shareableCode'`,
    )
    .action((opts: { scenario?: ScenarioId; search?: string; page?: number; limit?: number }) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const page = await client.listActiveSessions({
          ...(opts.scenario !== undefined ? { scenario: opts.scenario } : {}),
          ...(opts.search !== undefined ? { q: opts.search } : {}),
          ...(opts.page !== undefined ? { page: opts.page } : {}),
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        });
        ctx.print(page, () => {
          if (page.sessions.length === 0) {
            return page.total === 0 ? 'No public sessions to join.' : 'No sessions on this page.';
          }
          const table = formatTable(
            ['CODE', 'TITLE', 'SCENARIO', 'HOST', 'SEATS', 'STATUS', 'CREATED'],
            page.sessions.map((s) => [
              s.shareableCode ? formatShareCode(s.shareableCode) : '-',
              s.title,
              s.scenario,
              s.hostName,
              `${s.participantCount}/${s.maxParticipants}`,
              s.status,
              formatTime(s.createdAt),
            ]),
          );
          return `${table}\n${pageFooter(page)}`;
        });
      }),
    );

  program
    .command('show')
    .description(
      'Show a session: full details and participant history if you take part in it, else the preview its code or link gives',
    )
    .argument('<session>', 'session id, share code, link token or share URL')
    .addHelpText(
      'after',
      `
Examples:
  scrubin show K7QM-4XRT
  scrubin show "http://localhost:3000/surgery-simulation?link=…"
  scrubin show session_1718000000000_a1b2c3 --json | jq .session.scoreDetails`,
    )
    .action((input: string) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const { sessionId, preview } = await resolveSession(client, input);
        let session: SessionDetails;
        try {
          session = await client.getSession(sessionId);
        } catch (err) {
          if (!isCode(err, 'FORBIDDEN')) throw err;
          if (preview === undefined) {
            throw new CliError(
              `Only participants can see session ${sessionId}`,
              EXIT.REFUSED,
              'Preview it with its share code or link instead: scrubin show ABCD-2345',
            );
          }
          ctx.print({ view: 'preview', session: preview }, () => describePreview(ctx, preview));
          return;
        }
        ctx.print({ view: 'details', session }, () => describeDetails(ctx, session));
      }),
    );

  program
    .command('mine')
    .description('Your sessions (hosted or joined), newest first, with your scores')
    .addOption(new Option('--status <status>', 'only this status').choices(SESSION_STATUSES))
    .option('--page <n>', 'page number (default 1)', intArg(1, 10_000))
    .option('--limit <n>', 'sessions per page, 1–100 (default 20)', intArg(1, 100))
    .addHelpText(
      'after',
      `
Examples:
  scrubin mine
  scrubin mine --status completed
  scrubin mine --json | jq '.sessions[] | {title, score}'`,
    )
    .action((opts: { status?: SessionStatus; page?: number; limit?: number }) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const [me, page] = await Promise.all([
          client.me(),
          client.mySessions({
            ...(opts.status !== undefined ? { status: opts.status } : {}),
            ...(opts.page !== undefined ? { page: opts.page } : {}),
            ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
          }),
        ]);
        ctx.print(page, () => {
          if (page.sessions.length === 0) {
            return page.total === 0 ? 'You have no sessions yet.' : 'No sessions on this page.';
          }
          const table = formatTable(
            ['ID', 'TITLE', 'SCENARIO', 'STATUS', 'ROLE', 'SCORE', 'RESULT', 'CREATED'],
            page.sessions.map((s) => {
              const mine = scoreOf(s, me.id);
              const role = lastSeat(s, me.id)?.role ?? '-';
              return [
                s.sessionId,
                s.title,
                s.scenario,
                s.status,
                s.creatorId === me.id ? `${role} (host)` : role,
                formatScore(mine?.total ?? s.score),
                mine === undefined ? '-' : mine.pass ? 'pass' : 'fail',
                formatTime(s.createdAt),
              ];
            }),
          );
          return `${table}\n${pageFooter(page)}`;
        });
      }),
    );

  registerHostCommands(program, host);
}

function registerHostCommands(program: Command, host: CommandHost): void {
  program
    .command('roles')
    .description("Change a participant's role (host only; the host stays surgeon)")
    .argument('<session>', 'session id, share code, link token or share URL')
    .argument('<participant>', 'user id, or name of someone seated now (case-insensitive)')
    .argument('<role>', `new role: ${ROLES.join(', ')}`, choiceArg(ROLES))
    .addHelpText(
      'after',
      `
Examples:
  scrubin roles K7QM-4XRT "Dr Bo Chen" surgeon
  scrubin roles K7QM-4XRT u_1a2b3c observer --json`,
    )
    .action((input: string, who: string, role: Role) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const { session } = await asHost(client, input, 'change roles');
        const seat = findSeat(session, who);
        const participant = await client.changeRole(session.sessionId, seat.userId, role);
        ctx.print(
          { sessionId: session.sessionId, participant },
          () => `${participant.name} is now ${participant.role} in ${session.title}.`,
        );
      }),
    );

  program
    .command('kick')
    .description('Remove a participant from a session; they cannot come back (host only)')
    .argument('<session>', 'session id, share code, link token or share URL')
    .argument('<participant>', 'user id, or name of someone seated now (case-insensitive)')
    .addHelpText(
      'after',
      `
Examples:
  scrubin kick K7QM-4XRT "Dr Bo Chen"
  scrubin kick session_1718000000000_a1b2c3 u_1a2b3c --json`,
    )
    .action((input: string, who: string) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const { session } = await asHost(client, input, 'remove participants');
        const participant = findSeat(session, who);
        await client.removeParticipant(session.sessionId, participant.userId);
        ctx.print(
          { sessionId: session.sessionId, participant },
          () =>
            `Removed ${participant.name} (${participant.userId}) from ${session.title}; they cannot rejoin.`,
        );
      }),
    );

  program
    .command('rotate')
    .description(
      'Replace the share link and code of a session; the old ones stop working (host only)',
    )
    .argument('<session>', 'session id, share code, link token or share URL')
    .addHelpText(
      'after',
      `
Examples:
  scrubin rotate K7QM-4XRT
  scrubin rotate session_1718000000000_a1b2c3 --json | jq -r .shareableLink`,
    )
    .action((input: string) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const { session } = await asHost(client, input, 'rotate the share link and code');
        const ids = await client.rotate(session.sessionId);
        const shareableCode = formatShareCode(ids.shareableCode);
        ctx.print({ sessionId: session.sessionId, ...ids, shareableCode }, () =>
          [
            `New share identifiers for ${session.title} (the old ones no longer work):`,
            `  Code  ${ctx.style(shareableCode, 'cyan')}`,
            `  Link  ${ids.shareableLink}`,
          ].join('\n'),
        );
      }),
    );

  program
    .command('end')
    .description(
      'End a session: it becomes completed, every seat closes, scores are computed (host only)',
    )
    .argument('<session>', 'session id, share code, link token or share URL')
    .addHelpText(
      'after',
      `
Examples:
  scrubin end K7QM-4XRT
  scrubin end session_1718000000000_a1b2c3 --json | jq .session.status`,
    )
    .action((input: string) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const { session: before } = await asHost(client, input, 'end the session');
        const session = await client.endSession(before.sessionId);
        ctx.print(
          { session },
          () =>
            `Ended ${session.title}: ${session.status} after ${formatDuration(session.duration)} of simulation.`,
        );
        ctx.info(ctx.style(`Scores: scrubin show ${session.sessionId}`, 'dim'));
      }),
    );
}

/** The session when the signed-in user hosts it; else "Only the host can …" (exit 2). */
async function asHost(
  client: ScrubinClient,
  input: string,
  what: string,
): Promise<{ session: SessionDetails; me: User }> {
  const sessionId = await resolveSessionId(client, input);
  const onlyHost = () => new CliError(`Only the host can ${what}`, EXIT.REFUSED);
  const [me, session] = await Promise.all([
    client.me(),
    client.getSession(sessionId).catch((err: unknown) => {
      throw isCode(err, 'FORBIDDEN') ? onlyHost() : err;
    }),
  ]);
  if (session.creatorId !== me.id) throw onlyHost();
  return { session, me };
}

/** The open seat of a participant given by user id or by name (case-insensitive). */
function findSeat(session: SessionDetails, who: string): ParticipantRecord {
  const seated = session.collaborativeData.participants.filter((p) => p.leftAt === null);
  const byId = seated.find((p) => p.userId === who.trim());
  if (byId) return byId;
  const name = who.trim().toLowerCase();
  const byName = seated.filter((p) => p.name.toLowerCase() === name);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new CliError(
      `${byName.length} participants are called ${who}`,
      EXIT.USAGE,
      `Use a user id: ${byName.map((p) => p.userId).join(', ')}`,
    );
  }
  throw new CliError(
    `Nobody seated in ${session.title} has the user id or name ${JSON.stringify(who)}`,
    EXIT.REFUSED,
    `Seated now: ${seated.map((p) => `${p.name} (${p.userId})`).join(', ') || 'nobody'}`,
  );
}

/** The user's latest stay in the session. */
function lastSeat(session: SessionDetails, userId: string): ParticipantRecord | undefined {
  return session.collaborativeData.participants.filter((p) => p.userId === userId).at(-1);
}

function scoreOf(session: SessionDetails, userId: string): ParticipantScore | undefined {
  return session.scoreDetails?.participants.find((p) => p.userId === userId);
}

function describePreview(ctx: Context, s: SessionSummary): string {
  return [
    `${ctx.style(s.title, 'bold')}  [${s.status}]`,
    ...fields([
      ['ID', s.sessionId],
      ['Scenario', s.scenario],
      ['Host', s.hostName],
      [
        'Seats',
        `${s.participantCount}/${s.maxParticipants}${s.inviteOnly ? ' (invite only)' : ''}`,
      ],
      ['Code', s.shareableCode ? formatShareCode(s.shareableCode) : undefined],
      ['Created', formatTime(s.createdAt)],
    ]),
    ...(s.description ? ['', s.description] : []),
    '',
    ctx.style('You do not take part in this session: this is its preview.', 'dim'),
  ].join('\n');
}

function describeDetails(ctx: Context, s: SessionDetails): string {
  const people = s.collaborativeData.participants;
  const lines = [
    `${ctx.style(s.title, 'bold')}  [${s.status}]`,
    ...fields([
      ['ID', s.sessionId],
      ['Scenario', s.scenario],
      ['Host', s.hostName],
      [
        'Seats',
        `${s.participantCount}/${s.maxParticipants}${s.inviteOnly ? ' (invite only)' : ''}`,
      ],
      ['Code', formatShareCode(s.shareableCode)],
      ['Link', s.shareableLink],
      ['Created', formatTime(s.createdAt)],
      ['Started', s.startedAt ? formatTime(s.startedAt) : undefined],
      ['Ended', s.endedAt ? formatTime(s.endedAt) : undefined],
      ['Duration', formatDuration(s.duration)],
      ['Messages', String(s.collaborativeData.totalMessages)],
      ['Score', s.score === null ? undefined : formatScore(s.score)],
    ]),
    ...(s.description ? ['', s.description] : []),
    '',
    ctx.style('Participants', 'bold'),
    formatTable(
      ['NAME', 'ROLE', 'JOINED', 'LEFT', 'USER ID'],
      people.map((p) => [
        p.name,
        p.userId === s.creatorId ? `${p.role} (host)` : p.role,
        formatTime(p.joinedAt),
        p.leftAt ? formatTime(p.leftAt) : 'seated',
        p.userId,
      ]),
    ),
  ];
  const scores = s.scoreDetails?.participants ?? [];
  if (scores.length > 0) {
    lines.push(
      '',
      ctx.style('Scores', 'bold'),
      formatTable(
        ['NAME', 'ROLE', 'TOTAL', 'RESULT'],
        scores.map((p) => [
          p.name ?? p.userId,
          p.role ?? '-',
          formatScore(p.total),
          p.pass ? ctx.style('pass', 'green') : ctx.style('fail', 'red'),
        ]),
      ),
    );
  }
  return lines.join('\n');
}

/** `  Label     value` lines, skipping undefined values. */
function fields(rows: [string, string | undefined][]): string[] {
  const present = rows.filter((r): r is [string, string] => r[1] !== undefined);
  const width = Math.max(...present.map(([label]) => label.length));
  return present.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}

function pageFooter(page: { total: number; page: number; limit: number }): string {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  const more = page.page < pages ? ` Next: --page ${page.page + 1}` : '';
  return `Page ${page.page} of ${pages} (${page.total} session${page.total === 1 ? '' : 's'}).${more}`;
}

/** Local time, to the minute: `2025-06-01 14:05`. */
function formatTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
}

function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return '-';
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

function isCode(err: unknown, code: ScrubinError['code']): boolean {
  return err instanceof ScrubinError && err.code === code;
}

/** A commander parser for an integer in [min, max]. */
export function intArg(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** A commander parser that accepts one of `choices`. */
function choiceArg<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`Allowed: ${choices.join(', ')}.`);
    }
    return value as T;
  };
}
