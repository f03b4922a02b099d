/**
 * The embedded database's limits: on a fresh embedded database, through the server's mongoose
 * models, grows `users` and `simulations` and measures at each size the writes and reads the
 * server does on them: the latency (p50/p99) and the database's CPU per operation. Reports, per
 * collection, the size at which a write passes the bar (20 ms at p50). Prints tables; JSON in
 * bench/results/.
 *
 *   npm run bench:embedded-limits
 *   npm run bench:embedded-limits -- --max 3000 --step 250 --samples 15 --bar-ms 20
 *
 * The figures are the source of the thresholds in packages/server/src/db/embedded-limits.ts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROLES, SCENARIO_IDS } from '@scrubin/protocol';
import { connectDatabase, startEmbeddedDatabase } from '@scrubin/server';
import { SIM_VERSION } from '@scrubin/sim';

const { values: flags } = parseArgs({
  options: {
    max: { type: 'string', default: '3000' },
    step: { type: 'string', default: '250' },
    samples: { type: 'string', default: '15' },
    'bar-ms': { type: 'string', default: '20' },
  },
});
const num = (name: keyof typeof flags) => {
  const n = Number(flags[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const maxDocs = num('max');
const step = num('step');
const samples = num('samples');
const barMs = num('bar-ms');
const log = (line: string) => process.stderr.write(`[embedded-limits] ${line}\n`);

const CLOCK_TICKS_MS = 10;
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICKS_MS;
}

// ---------------------------------------------------------------------------------------------
// Documents as the server writes them.

const LINK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const pick = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
const objectIdHex = () => randomBytes(12).toString('hex');

let userNo = 0;
/** A registered account: what `POST /api/auth/register` stores (an scrypt hash of the same shape). */
function userDoc() {
  userNo += 1;
  return {
    email: `bench.user${userNo}.${randomBytes(3).toString('hex')}@example.org`,
    name: `Dr Bench ${userNo}`,
    passwordHash: [
      'scrypt',
      16384,
      8,
      1,
      randomBytes(16).toString('base64'),
      randomBytes(64).toString('base64'),
    ].join('$'),
  };
}

/**
 * A session as `SessionService.create` stores it, with the 2 to 6 participants it has once
 * people joined; a third are completed, with scores and a minute of state hashes.
 */
function sessionDoc() {
  const now = new Date();
  const hostId = objectIdHex();
  const participants = Array.from({ length: 2 + randomInt(5) }, (_, i) => ({
    userId: i === 0 ? hostId : objectIdHex(),
    name: i === 0 ? 'Dr Host' : `Dr Guest ${i}`,
    role: i === 0 ? 'surgeon' : ROLES[1 + randomInt(ROLES.length - 1)]!,
    joinedAt: now,
    leftAt: null,
  }));
  const completed = randomInt(3) === 0;
  return {
    sessionId: `session_${now.getTime()}_${randomBytes(6).toString('hex')}`,
    uniqueLink: pick(LINK_ALPHABET, 32),
    shareableCode: pick(CODE_ALPHABET, 8),
    title: `Suturing drill ${randomBytes(2).toString('hex')}`,
    description: 'Interrupted sutures on the forearm model',
    scenario: SCENARIO_IDS[randomInt(SCENARIO_IDS.length)]!,
    creatorId: hostId,
    userId: hostId,
    hostName: 'Dr Host',
    maxParticipants: 6,
    participantCount: participants.length,
    inviteOnly: false,
    status: completed ? 'completed' : 'idle',
    simulation: { version: SIM_VERSION, tier: 'default', seed: randomInt(0x7fffffff) },
    collaborativeData: { participants, totalMessages: randomInt(40), voiceTime: randomInt(600) },
    ...(completed && {
      score: 60 + randomInt(40),
      endedAt: now,
      scoreDetails: {
        participants: participants.map((p) => ({
          userId: p.userId,
          name: p.name,
          role: p.role,
          total: 60 + randomInt(40),
          pass: true,
          failReasons: [],
          criticalErrors: [],
        })),
        finalHash: randomBytes(8).toString('hex'),
        ticks: 3600,
        scoredAt: now,
      },
      stateHashes: Array.from({ length: 60 }, (_, i) => ({
        kind: 'hash',
        tick: (i + 1) * 60,
        hash: randomBytes(8).toString('hex'),
      })),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface OpResult {
  op: string;
  collection: 'users' | 'simulations';
  write: boolean;
  size: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  dbCpuMsPerOp: number;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

const db = await startEmbeddedDatabase({ database: 'bench_embedded_limits' });
const { conn, models } = await connectDatabase(db.uri);
const { User, Simulation } = models;
const emails: string[] = [];
const sessions: { sessionId: string; status: string }[] = [];

async function measure(
  op: string,
  collection: OpResult['collection'],
  write: boolean,
  size: number,
  run: () => Promise<unknown>,
): Promise<OpResult> {
  const times: number[] = [];
  const cpu0 = processCpuMs(db.pid);
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  const dbCpuMsPerOp = (processCpuMs(db.pid) - cpu0) / samples;
  times.sort((a, b) => a - b);
  return {
    op,
    collection,
    write,
    size,
    p50Ms: pct(times, 0.5),
    p99Ms: pct(times, 0.99),
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    dbCpuMsPerOp,
  };
}

const someSession = () => sessions[randomInt(sessions.length)]!;

/** The operations the server runs on the two collections, at their current sizes. */
async function round(): Promise<OpResult[]> {
  const users = emails.length;
  const sims = sessions.length;
  const out: OpResult[] = [];
  out.push(
    await measure('user insert (register)', 'users', true, users, async () => {
      const doc = await User.create(userDoc());
      emails.push(doc.email);
    }),
  );
  out.push(
    await measure('user findOne by email (login)', 'users', false, users, () =>
      User.findOne({ email: emails[randomInt(emails.length)] }).lean(),
    ),
  );
  out.push(
    await measure('session create', 'simulations', true, sims, async () => {
      const doc = await Simulation.create(sessionDoc());
      sessions.push({ sessionId: doc.sessionId, status: doc.status });
    }),
  );
  out.push(
    // A status change as the host's controls store it: guarded by the status it leaves.
    await measure('session $set (status change)', 'simulations', true, sims, async () => {
      const s = someSession();
      const to = s.status === 'active' ? 'paused' : 'active';
      await Simulation.updateOne(
        { sessionId: s.sessionId, status: s.status },
        {
          $set: {
            status: to,
            activeMs: randomInt(600_000),
            activeSince: new Date(),
            duration: 12.5,
          },
        },
      );
      s.status = to;
    }),
  );
  out.push(
    await measure('session $inc (chat counter)', 'simulations', true, sims, () =>
      Simulation.updateOne(
        { sessionId: someSession().sessionId },
        { $inc: { 'collaborativeData.totalMessages': 1 } },
      ),
    ),
  );
  out.push(
    await measure('session findOne by sessionId', 'simulations', false, sims, () =>
      Simulation.findOne({ sessionId: someSession().sessionId }).lean(),
    ),
  );
  return out;
}

/** Grows both collections to `size` documents with batched inserts (not measured). */
async function growTo(size: number): Promise<void> {
  while (emails.length < size) {
    const docs = Array.from({ length: Math.min(100, size - emails.length) }, userDoc);
    await User.insertMany(docs);
    emails.push(...docs.map((d) => d.email));
  }
  while (sessions.length < size) {
    const docs = Array.from({ length: Math.min(100, size - sessions.length) }, sessionDoc);
    await Simulation.insertMany(docs);
    sessions.push(...docs.map((d) => ({ sessionId: d.sessionId, status: d.status })));
  }
}

// Warm up the database's code paths on the empty collections (the documents stay: size ~10).
for (let i = 0; i < 10; i++) {
  const u = await User.create(userDoc());
  emails.push(u.email);
  const s = await Simulation.create(sessionDoc());
  sessions.push({ sessionId: s.sessionId, status: s.status });
}
await round();

const started = Date.now();
const rows: OpResult[] = [];
for (let size = 0; size <= maxDocs; size += step) {
  await growTo(size);
  const results = await round();
  rows.push(...results);
  log(
    `${String(size).padStart(5)} docs: ` +
      results.map((r) => `${r.op.split(' (')[0]} ${r.p50Ms.toFixed(1)}`).join(', ') +
      ` ms (p50) — ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

/** The size at which an operation's p50 passes the bar: first measured, and interpolated. */
function crossing(op: string): { firstAbove: number | null; interpolated: number | null } {
  const points = rows.filter((r) => r.op === op);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.p50Ms <= barMs) continue;
    const prev = points[i - 1];
    if (!prev) return { firstAbove: p.size, interpolated: p.size };
    const share = (barMs - prev.p50Ms) / (p.p50Ms - prev.p50Ms);
    return {
      firstAbove: p.size,
      interpolated: Math.round(prev.size + share * (p.size - prev.size)),
    };
  }
  return { firstAbove: null, interpolated: null };
}

const ops = [...new Set(rows.map((r) => r.op))];
const crossings = ops.map((op) => {
  const r = rows.find((x) => x.op === op)!;
  return { op, collection: r.collection, write: r.write, ...crossing(op) };
});
const perCollection = (['users', 'simulations'] as const).map((collection) => {
  const writes = crossings.filter((c) => c.collection === collection && c.write);
  const sizes = writes.map((c) => c.interpolated).filter((n): n is number => n !== null);
  const first = sizes.length > 0 ? Math.min(...sizes) : null;
  const by = writes.find((c) => c.interpolated === first)?.op ?? null;
  return { collection, writePassesBarAt: first, by };
});

const sizes = [...new Set(rows.map((r) => r.size))];
const header = ['| operation | collection | ' + sizes.map((s) => `${s}`).join(' | ') + ' |'];
const table = [
  `p50 / p99 latency, ms, by collection size (documents):`,
  '',
  ...header,
  '| --- | --- | ' + sizes.map(() => '---:').join(' | ') + ' |',
  ...ops.map((op) => {
    const points = rows.filter((r) => r.op === op);
    return `| ${op} | ${points[0]!.collection} | ${points.map((p) => `${p.p50Ms.toFixed(1)} / ${p.p99Ms.toFixed(0)}`).join(' | ')} |`;
  }),
  '',
  `database CPU per operation, ms:`,
  '',
  ...header,
  '| --- | --- | ' + sizes.map(() => '---:').join(' | ') + ' |',
  ...ops.map((op) => {
    const points = rows.filter((r) => r.op === op);
    return `| ${op} | ${points[0]!.collection} | ${points.map((p) => p.dbCpuMsPerOp.toFixed(1)).join(' | ')} |`;
  }),
  '',
  `size at which p50 passes ${barMs} ms (interpolated between measured sizes; first measured size above):`,
  '',
  '| operation | collection | passes at | first measured above |',
  '| --- | --- | ---: | ---: |',
  ...crossings.map(
    (c) =>
      `| ${c.op} | ${c.collection} | ${c.interpolated ?? `> ${maxDocs}`} | ${c.firstAbove ?? '-'} |`,
  ),
  '',
  `per collection, the first write to pass ${barMs} ms:`,
  '',
  ...perCollection.map(
    (c) =>
      `- ${c.collection}: ${c.writePassesBarAt === null ? `no write passed it up to ${maxDocs}` : `${c.writePassesBarAt} documents (${c.by})`}`,
  ),
];
process.stdout.write(table.join('\n') + '\n');

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const file = `${resultsDir}embedded-limits-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  JSON.stringify(
    {
      flags,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
      seconds: (Date.now() - started) / 1000,
      rows,
      crossings,
      perCollection,
    },
    null,
    2,
  ),
);
log(`results: ${file}`);
await conn.close();
await db.stop();
