/**
 * Session commands against a real server: create, list, show, mine, roles, kick, rotate, end,
 * chat, control. Success paths, --json shapes and exit codes go through the built binary; the
 * many argument checks run the same program in-process (`runInProcess`) to stay fast. Sessions
 * and seats a test needs but does not exercise are arranged with the SDK.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatShareCode, type ScenarioId } from '@scrubin/protocol';
import { closedPort, uniqueTag, useCliServer, type CliUser } from './helpers.js';

// A short seat hold: chat and control disconnect after their action, and the next one must
// take the seat back once the server released it.
const SEAT_HOLD_MS = 300;
const fx = useCliServer({ seatHoldMs: SEAT_HOLD_MS });

const CODE_RE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
/** Characters only the terminal QR code draws. */
const QR_RE = /[▄▀█]/;
const SESSION_COMMANDS = [
  'create',
  'list',
  'show',
  'mine',
  'roles',
  'kick',
  'rotate',
  'end',
  'chat',
  'control',
];

let ada: CliUser; // hosts
let bo: CliUser; // takes seats
let cy: CliUser; // never takes part

beforeAll(async () => {
  [ada, bo, cy] = await Promise.all([fx.user('Dr Ada Lin'), fx.user('Dr Bo Chen'), fx.user('Cy')]);
});

/** A session hosted by `host`, made with the SDK; `shareableCode` is the formatted code. */
async function hosted(
  host: CliUser,
  options: { title?: string; scenario?: ScenarioId; inviteOnly?: boolean } = {},
) {
  const { session, shareableLink } = await host.sdk().createSession({
    title: options.title ?? `Drill ${uniqueTag()}`,
    scenario: options.scenario ?? 'skin-incision',
    inviteOnly: options.inviteOnly ?? false,
  });
  return { session, shareableLink, shareableCode: formatShareCode(session.shareableCode) };
}

describe('help', () => {
  it('scrubin --help and every session command --help show examples', async () => {
    const [root, create] = await Promise.all([fx.run(['--help']), fx.run(['create', '--help'])]);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('Examples:');
    for (const command of SESSION_COMMANDS) expect(root.stdout).toContain(`  ${command} `);
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('Examples:');
    for (const command of SESSION_COMMANDS) {
      const r = await ada.runInProcess([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toContain('Examples:');
      expect(r.stdout, command).toContain(`scrubin ${command} `);
    }
  });
});

describe('create', () => {
  it('--json gives {session, shareableLink, shareableCode} and no QR code', async () => {
    const title = `Suturing ${uniqueTag()}`;
    const r = await ada.run([
      '--json',
      'create',
      '--title',
      title,
      '--description',
      'Two stitches',
      '--scenario',
      'interrupted-suture',
      '--max-participants',
      '3',
      '--invite-only',
    ]);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(Object.keys(out).sort()).toEqual(['session', 'shareableCode', 'shareableLink']);
    expect(out.session).toMatchObject({
      title,
      description: 'Two stitches',
      scenario: 'interrupted-suture',
      maxParticipants: 3,
      inviteOnly: true,
      status: 'idle',
      creatorId: ada.id,
      participantCount: 1,
    });
    expect(out.shareableCode).toMatch(CODE_RE);
    expect(out.shareableCode).toBe(formatShareCode(out.session.shareableCode));
    expect(out.shareableLink).toBe(out.session.shareableLink);
    expect(out.shareableLink).toContain(`?link=${out.session.uniqueLink}`);
    expect(r.stdout + r.stderr).not.toMatch(QR_RE);
  });

  it('prints link and code; the QR code only with --qr when stdout is not a terminal', async () => {
    const args = ['create', '--title', `Plain ${uniqueTag()}`, '--scenario', 'skin-incision'];
    const [plain, forced] = await Promise.all([ada.run(args), ada.run([...args, '--qr'])]);
    expect(plain.code).toBe(0);
    const code = /Code {2}(\S+)/.exec(plain.stdout)?.[1];
    expect(code).toMatch(CODE_RE);
    expect(plain.stdout).toMatch(/Link {2}http:\/\/\S+\/surgery-simulation\?link=[A-Za-z0-9]{32}/);
    expect(plain.stdout).not.toMatch(QR_RE);
    expect(plain.stderr).toBe(`Join it live: scrubin join ${code}\n`);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(QR_RE);

    // --json --qr: the JSON stays clean on stdout, the QR code goes to stderr.
    const json = await ada.runInProcess([...args, '--qr', '--json']);
    expect(json.code).toBe(0);
    expect(json.json().shareableCode).toMatch(CODE_RE);
    expect(json.stderr).toMatch(QR_RE);
  });

  it('draws the QR code when stdout is a terminal, unless --no-qr', async () => {
    const args = ['create', '--title', `TTY ${uniqueTag()}`, '--scenario', 'skin-incision'];
    const tty = await ada.runInProcess(args, { stdoutIsTty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(QR_RE);
    const off = await ada.runInProcess([...args, '--no-qr'], { stdoutIsTty: true });
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('surgery-simulation?link=');
    expect(off.stdout).not.toMatch(QR_RE);
  });

  it('refuses bad options with exit 1 and a usage hint', async () => {
    const scenario = await ada.runInProcess(['create', '--title', 'x', '--scenario', 'brain']);
    expect(scenario.code).toBe(1);
    expect(scenario.stderr).toContain('interrupted-suture');
    const seats = await ada.runInProcess([
      'create',
      '--title',
      'x',
      '--scenario',
      'skin-incision',
      '--max-participants',
      '40',
    ]);
    expect(seats.code).toBe(1);
    expect(seats.stderr).toContain('1 to 16');
    const missing = await ada.runInProcess(['create', '--scenario', 'skin-incision']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--title');
    expect(missing.stderr).toContain('--help');
  });
});

describe('list', () => {
  it('lists public sessions with filters; --json is the page', async () => {
    const tag = uniqueTag('list');
    const [pub] = await Promise.all([
      hosted(ada, { title: `${tag} public` }),
      hosted(ada, { title: `${tag} private`, inviteOnly: true }),
      hosted(ada, { title: `${tag} other`, scenario: 'cardiac-surgery' }),
    ]);

    const [all, human] = await Promise.all([
      bo.run(['list', '--search', tag.toUpperCase(), '--json']),
      bo.run(['list', '--search', tag, '--scenario', 'skin-incision']),
    ]);
    expect(all.code).toBe(0);
    const page = all.json();
    expect(Object.keys(page).sort()).toEqual(['limit', 'page', 'sessions', 'total']);
    expect(page).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(page.sessions.map((s: { title: string }) => s.title).sort()).toEqual([
      `${tag} other`,
      `${tag} public`,
    ]);
    expect(page.sessions.find((s: { title: string }) => s.title === `${tag} public`)).toEqual({
      sessionId: pub.session.sessionId,
      title: `${tag} public`,
      description: '',
      scenario: 'skin-incision',
      hostName: 'Dr Ada Lin',
      participantCount: 1,
      maxParticipants: 6,
      inviteOnly: false,
      status: 'idle',
      shareableCode: pub.session.shareableCode,
      createdAt: pub.session.createdAt,
    });

    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^CODE +TITLE +SCENARIO +HOST +SEATS +STATUS +CREATED\n/);
    expect(human.stdout).toContain(pub.shareableCode);
    expect(human.stdout).toMatch(/Dr Ada Lin +1\/6 +idle/);
    expect(human.stdout).toMatch(/Page 1 of 1 \(1 session\)\.\n$/);

    const paged = await bo.runInProcess(['list', '--search', tag, '--limit', '1', '--json']);
    expect(paged.json()).toMatchObject({ total: 2, page: 1, limit: 1 });
    const next = await bo.runInProcess(['list', '--search', tag, '--limit', '1']);
    expect(next.stdout).toContain('Page 1 of 2 (2 sessions). Next: --page 2');
    const none = await bo.runInProcess(['list', '--search', uniqueTag('nothing')]);
    expect(none.stdout).toBe('No public sessions to join.\n');
    const bad = await bo.runInProcess(['list', '--limit', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('1 to 100');
  });
});

describe('show', () => {
  it('gives participants the details by id, code in any case, link token or share URL', async () => {
    const c = await hosted(ada);
    const [byUrl, human] = await Promise.all([
      ada.run(['show', c.shareableLink, '--json']),
      ada.run(['show', c.session.sessionId]),
    ]);
    expect(byUrl.code).toBe(0);
    const out = byUrl.json();
    expect(Object.keys(out).sort()).toEqual(['session', 'view']);
    expect(out).toMatchObject({
      view: 'details',
      session: {
        sessionId: c.session.sessionId,
        uniqueLink: c.session.uniqueLink,
        collaborativeData: { participants: [{ userId: ada.id, role: 'surgeon', leftAt: null }] },
      },
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`${c.session.title}  [idle]`);
    expect(human.stdout).toContain(`Code      ${c.shareableCode}`);
    expect(human.stdout).toMatch(/Dr Ada Lin +surgeon \(host\) .+ seated +\S+/);

    const raw = c.session.shareableCode;
    for (const input of [raw.toLowerCase(), c.shareableCode.toLowerCase(), c.session.uniqueLink]) {
      const r = await ada.runInProcess(['show', input, '--json']);
      expect(r.code, input).toBe(0);
      expect(r.json().session.sessionId, input).toBe(c.session.sessionId);
    }
  });

  it('gives others the preview through a code or link, and refuses the id', async () => {
    const c = await hosted(ada, { inviteOnly: true });
    const [preview, byId] = await Promise.all([
      cy.run(['show', c.shareableCode, '--json']),
      cy.run(['show', c.session.sessionId]),
    ]);
    expect(preview.code).toBe(0);
    const out = preview.json();
    expect(out.view).toBe('preview');
    expect(out.session).toMatchObject({
      sessionId: c.session.sessionId,
      title: c.session.title,
      hostName: 'Dr Ada Lin',
      inviteOnly: true,
    });
    expect(out.session).not.toHaveProperty('uniqueLink');
    expect(out.session).not.toHaveProperty('collaborativeData');
    expect(byId.code).toBe(2);
    expect(byId.stderr).toContain(`Only participants can see session ${c.session.sessionId}`);

    const human = await cy.runInProcess(['show', c.shareableLink]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('this is its preview');
  });

  it('unknown sessions exit 2, malformed arguments exit 1', async () => {
    const code = await cy.run(['show', 'zzzz-2222']);
    expect(code.code).toBe(2);
    expect(code.stderr).toContain('No session matches the code zzzz-2222');
    const link = await cy.runInProcess([
      'show',
      `http://localhost/surgery-simulation?link=${'a'.repeat(32)}`,
    ]);
    expect(link.code).toBe(2);
    expect(link.stderr).toContain('No session matches the link');
    const id = await cy.runInProcess(['show', 'session_1700000000000_abcdef']);
    expect(id.code).toBe(2);
    expect(id.stderr).toContain('SESSION_NOT_FOUND');
    const junk = await cy.runInProcess(['show', 'not a session']);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toContain('share code (ABCD-2345');
  });
});

describe('host actions', () => {
  it('roles changes a role by name or user id; only the host may', async () => {
    const c = await hosted(ada);
    await bo.sdk().joinSession(c.shareableCode);
    const [byName, notHost] = await Promise.all([
      ada.run(['roles', c.shareableCode, 'dr bo chen', 'observer', '--json']),
      bo.run(['roles', c.shareableCode, ada.id, 'observer']),
    ]);
    expect(byName.code).toBe(0);
    const out = byName.json();
    expect(Object.keys(out).sort()).toEqual(['participant', 'sessionId']);
    expect(out).toMatchObject({
      sessionId: c.session.sessionId,
      participant: { userId: bo.id, name: 'Dr Bo Chen', role: 'observer', leftAt: null },
    });
    expect(notHost.code).toBe(2);
    expect(notHost.stderr).toBe('error: Only the host can change roles\n');

    const byId = await ada.runInProcess(['roles', c.session.sessionId, bo.id, 'surgeon']);
    expect(byId.stdout).toBe(`Dr Bo Chen is now surgeon in ${c.session.title}.\n`);
    const outsider = await cy.runInProcess(['roles', c.shareableCode, bo.id, 'observer']);
    expect(outsider.code).toBe(2);
    expect(outsider.stderr).toContain('Only the host can change roles');
    const nobody = await ada.runInProcess(['roles', c.shareableCode, 'Dr Nobody', 'observer']);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain(`Seated now: Dr Ada Lin (${ada.id}), Dr Bo Chen (${bo.id})`);
    const badRole = await ada.runInProcess(['roles', c.shareableCode, bo.id, 'wizard']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('surgeon, assistant, observer');
  });

  it('kick removes a participant for good; only the host may', async () => {
    const c = await hosted(ada);
    await bo.sdk().joinSession(c.shareableCode);
    const notHost = await bo.runInProcess(['kick', c.shareableCode, 'Dr Ada Lin']);
    expect(notHost.code).toBe(2);
    expect(notHost.stderr).toContain('Only the host can remove participants');

    const r = await ada.run(['kick', c.shareableLink, 'Dr Bo Chen', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      sessionId: c.session.sessionId,
      participant: { userId: bo.id, name: 'Dr Bo Chen' },
    });
    await expect(bo.sdk().joinSession(c.shareableCode)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const again = await ada.runInProcess(['kick', c.shareableCode, bo.id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Nobody seated');
  });

  it('rotate replaces the code and link; the old ones stop working', async () => {
    const c = await hosted(ada);
    const [r, outsider] = await Promise.all([
      ada.run(['rotate', c.shareableCode, '--json']),
      cy.run(['rotate', c.session.sessionId]),
    ]);
    expect(outsider.code).toBe(2);
    expect(outsider.stderr).toContain('Only the host can rotate the share link and code');
    expect(r.code).toBe(0);
    const ids = r.json();
    expect(Object.keys(ids).sort()).toEqual([
      'sessionId',
      'shareableCode',
      'shareableLink',
      'uniqueLink',
    ]);
    expect(ids.sessionId).toBe(c.session.sessionId);
    expect(ids.shareableCode).toMatch(CODE_RE);
    expect(ids.shareableCode).not.toBe(c.shareableCode);
    expect(ids.shareableLink).toContain(`?link=${ids.uniqueLink}`);

    const old = await cy.runInProcess(['show', c.shareableCode]);
    expect(old.code).toBe(2);
    const fresh = await cy.runInProcess(['show', ids.shareableCode, '--json']);
    expect(fresh.json().session.sessionId).toBe(c.session.sessionId);
  });

  it('end completes the session; ending again exits 2', async () => {
    const c = await hosted(ada);
    const notHost = await cy.runInProcess(['end', c.shareableCode]);
    expect(notHost.code).toBe(2);
    expect(notHost.stderr).toContain('Only the host can end the session');
    const r = await ada.run(['end', c.shareableCode, '--json']);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json())).toEqual(['session']);
    expect(r.json()).toMatchObject({
      session: { sessionId: c.session.sessionId, status: 'completed' },
    });
    const again = await ada.run(['end', c.session.sessionId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('The session has ended (SESSION_ENDED)');
  });
});

describe('chat and control', () => {
  it('chat sends one message others receive, and keeps the seat', async () => {
    const c = await hosted(ada);
    await bo.sdk().joinSession(c.shareableCode);
    const live = await bo.sdk().join(c.session.sessionId);
    const heard = new Promise<{ seq: number; text: string; userId: string }>((resolve) =>
      live.on('surgery:chat-message', (e) => resolve(e)),
    );
    const left = new Promise<string>((resolve) =>
      live.on('surgery:participant-left', (e) => {
        if (e.userId === ada.id) resolve(e.reason);
      }),
    );
    const r = await ada.run(['chat', c.shareableCode, 'Scalpel,', 'please', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sent = r.json();
    expect(Object.keys(sent).sort()).toEqual(
      ['at', 'name', 'seq', 'sessionId', 'text', 'tick', 'userId'].sort(),
    );
    expect(sent).toMatchObject({
      sessionId: c.session.sessionId,
      userId: ada.id,
      name: 'Dr Ada Lin',
      text: 'Scalpel, please',
    });
    expect(await heard).toMatchObject({ seq: sent.seq, text: 'Scalpel, please', userId: ada.id });
    // close() without leave(): others see a disconnection, not someone leaving for good.
    expect(await left).toBe('disconnected');

    const human = await bo.runInProcess(['chat', c.session.sessionId, 'Ready']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Dr Bo Chen → Drill \S+ \(seq \d+\): Ready\n$/);
    live.close();
  });

  it('chat refuses non-participants (2) and empty text (1)', async () => {
    const c = await hosted(ada);
    const outsider = await cy.run(['chat', c.shareableCode, 'hello']);
    expect(outsider.code).toBe(2);
    expect(outsider.stderr).toContain('You are not a participant of this session');
    const empty = await ada.runInProcess(['chat', c.shareableCode, '   ']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('1 to 1000 characters');
  });

  it('control walks the state machine and prints the new status', async () => {
    const c = await hosted(ada);
    await bo.sdk().joinSession(c.shareableCode);
    const started = await ada.run(['control', c.shareableCode, 'start', '--json']);
    expect(started.code).toBe(0);
    expect(Object.keys(started.json()).sort()).toEqual(
      ['action', 'durationS', 'seq', 'sessionId', 'status', 'tick'].sort(),
    );
    expect(started.json()).toMatchObject({
      sessionId: c.session.sessionId,
      action: 'start',
      status: 'active',
      durationS: expect.any(Number),
    });

    const step = async (action: string) => {
      const r = await ada.runInProcess(['control', c.shareableCode, action, '--json']);
      // The seat hold of this file is short: a step may have to take the seat again first.
      expect(r.stderr.replace(/^Taking your seat in .* again…\n/, ''), action).toBe('');
      return r.json();
    };
    expect(await step('pause')).toMatchObject({ action: 'pause', status: 'paused' });
    const twice = await ada.runInProcess(['control', c.shareableCode, 'pause']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('Cannot pause a session that is paused');
    const notHost = await bo.runInProcess(['control', c.shareableCode, 'resume']);
    expect(notHost.code).toBe(2);
    expect(notHost.stderr).toContain('Only the host can control the simulation');
    expect(await step('resume')).toMatchObject({ status: 'active' });
    expect(await step('reset')).toMatchObject({ action: 'reset', status: 'idle', durationS: null });

    const stop = await ada.run(['control', c.session.sessionId, 'stop']);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/^Simulation completed \(stop, seq \d+\)\.\n$/);
    const ended = await ada.runInProcess(['control', c.shareableCode, 'start']);
    expect(ended.code).toBe(2);
    expect(ended.stderr).toContain('has ended');
    const badAction = await ada.runInProcess(['control', c.shareableCode, 'explode']);
    expect(badAction.code).toBe(1);
    expect(badAction.stderr).toContain('start, pause, resume, stop, reset');
  });

  it('takes the seat back after the server released it', async () => {
    const c = await hosted(ada);
    expect((await ada.runInProcess(['chat', c.shareableCode, 'first'])).code).toBe(0);
    // The seat hold runs out after the disconnection: wait until the server released it.
    await expect
      .poll(
        async () =>
          (await ada.sdk().getSession(c.session.sessionId)).collaborativeData.participants.at(-1)
            ?.leftAt,
        { timeout: 5000, interval: SEAT_HOLD_MS / 2 },
      )
      .not.toBeNull();
    const r = await ada.run(['control', c.shareableCode, 'start', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Taking your seat');
    expect(r.json()).toMatchObject({ status: 'active' });
  });
});

describe('mine', () => {
  it('lists my sessions with my score and pass/fail once scored', async () => {
    const c = await hosted(bo);
    const live = await bo.sdk().join(c.session.sessionId);
    await live.control('start');
    await live.selectTool('scalpel');
    await live.toolInteract({ tool: 'scalpel', action: 'activate' });
    await new Promise((resolve) => setTimeout(resolve, 150)); // some active ticks at 90 Hz
    await live.toolInteract({ tool: 'scalpel', action: 'deactivate' });
    await live.control('stop');
    live.close();
    await expect
      .poll(async () => (await bo.sdk().getSession(c.session.sessionId)).scoreDetails, {
        timeout: 15_000,
        interval: 200,
      })
      .not.toBeNull();

    const [json, human] = await Promise.all([
      bo.run(['mine', '--status', 'completed', '--json']),
      bo.run(['mine']),
    ]);
    expect(json.code).toBe(0);
    const page = json.json();
    expect(Object.keys(page).sort()).toEqual(['limit', 'page', 'sessions', 'total']);
    expect(page.sessions.every((s: { status: string }) => s.status === 'completed')).toBe(true);
    const mine = page.sessions.find(
      (s: { sessionId: string }) => s.sessionId === c.session.sessionId,
    );
    const score = mine.scoreDetails.participants.find(
      (p: { userId: string }) => p.userId === bo.id,
    );
    expect(score).toMatchObject({ total: expect.any(Number), pass: expect.any(Boolean) });

    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ID +TITLE +SCENARIO +STATUS +ROLE +SCORE +RESULT +CREATED\n/);
    const row = human.stdout.split('\n').find((line) => line.startsWith(c.session.sessionId));
    const total = Number.isInteger(score.total) ? String(score.total) : score.total.toFixed(1);
    expect(row).toMatch(
      new RegExp(`completed +surgeon \\(host\\) +${total} +${score.pass ? 'pass' : 'fail'} `),
    );
  });

  it('says so when there is nothing yet', async () => {
    const newbie = await fx.user('Newbie');
    const human = await newbie.runInProcess(['mine']);
    expect(human.stdout).toBe('You have no sessions yet.\n');
    const json = await newbie.runInProcess(['mine', '--json']);
    expect(json.json()).toEqual({ sessions: [], total: 0, page: 1, limit: 20 });
  });
});

describe('exit codes', () => {
  it('5 when nobody is signed in', async () => {
    const r = await fx.run(['list']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Not signed in');
    expect(r.stderr).toContain('scrubin login');
  });

  it('3 when the server cannot be reached', async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const r = await fx.run(['show', 'ABCD-2345'], { server, env: { SCRUBIN_TOKEN: 'any' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('could not be reached');
    for (const args of [['list'], ['chat', 'ABCD-2345', 'hi'], ['control', 'ABCD-2345', 'stop']]) {
      const inProcess = await ada.runInProcess(['--server', server, '--token', 'any', ...args]);
      expect(inProcess.code, args[0]).toBe(3);
    }
  });

  it('1 for an unknown command or a missing argument, with a usage hint', async () => {
    const missing = await ada.run(['roles', 'ABCD-2345', 'someone']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing required argument 'role'");
    expect(missing.stderr).toContain('--help');
    const unknown = await ada.runInProcess(['shwo', 'x']);
    expect(unknown.code).toBe(1);
  });

  it('2 for an unknown session', async () => {
    const r = await ada.run(['control', 'ZZZZ-2222', 'start']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No session matches the code ZZZZ-2222');
  });
});
