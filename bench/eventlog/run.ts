/**
 * Event-log benchmark: the same append workload into an empty log and into one that already
 * holds 1M events, each on its own embedded database, in the same run (interleaved rounds).
 * The bar: the database CPU per appended event of the full log within 20 % of the empty one's.
 *
 *   npm run bench:eventlog
 *   npm run bench:eventlog -- --prefill 1000000 --rate 2500 --round-seconds 8 --rounds 3
 *
 * Appends go through `EventLog` exactly as the server's relay does (group commit to the journal,
 * compaction into per-session buckets while it runs). Prints a table; JSON in bench/results/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BucketStore,
  DEFAULT_EVENT_LOG,
  EventLog,
  LogCollections,
  PARTITIONED_LAYOUT,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
  type EventDoc,
} from '@scrubin/server';
import { MongoClient } from 'mongodb';

const { values: flags } = parseArgs({
  options: {
    prefill: { type: 'string', default: '1000000' },
    'prefill-sessions': { type: 'string', default: '2000' },
    rate: { type: 'string', default: '2500' },
    sessions: { type: 'string', default: '150' },
    'round-seconds': { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
  },
});
const num = (name: keyof typeof flags) => {
  const n = Number(flags[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const prefill = num('prefill');
const prefillSessions = num('prefill-sessions');
const rate = num('rate');
const liveSessions = num('sessions');
const roundS = num('round-seconds');
const rounds = num('rounds');
const log = (line: string) => process.stderr.write(`[eventlog-bench] ${line}\n`);

const CLOCK_TICKS_MS = 10;
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICKS_MS;
}

/** A tissue event as the relay logs it. */
function entry(sessionId: string, seq: number): EventDoc {
  return {
    sessionId,
    seq,
    tick: seq * 3,
    type: 'tissue-update',
    userId: '65a1b2c3d4e5f60718293a4b',
    at: new Date(),
    payload: {
      tool: 'scalpel',
      action: 'cut',
      points: [
        [10_000 + seq, 20_000, -3_000],
        [10_100 + seq, 20_050, -3_010],
        [10_200 + seq, 20_100, -3_020],
        [10_300 + seq, 20_150, -3_030],
      ],
    },
  };
}

interface Target {
  name: string;
  db: EmbeddedDatabase;
  client: MongoClient;
  log: EventLog;
  nextSeq: Map<string, number>;
  sessions: string[];
  measured: { events: number; dbCpuMs: number; benchCpuMs: number; latenciesMs: number[] };
}

async function open(name: string, fill: number): Promise<Target> {
  const db = await startEmbeddedDatabase({ database: `bench_${name}` });
  const client = await MongoClient.connect(db.uri);
  const mdb = client.db(`bench_${name}`);
  if (fill > 0) {
    const cols = await LogCollections.open(mdb, PARTITIONED_LAYOUT);
    const buckets = new BucketStore(cols);
    const perSession = Math.ceil(fill / prefillSessions);
    const started = Date.now();
    for (let s = 0; s < prefillSessions; s += 50) {
      const docs: EventDoc[] = [];
      for (let k = s; k < Math.min(s + 50, prefillSessions); k++) {
        const id = `session_1700000000000_fill${String(k).padStart(6, '0')}`;
        for (let seq = 1; seq <= perSession; seq++) docs.push(entry(id, seq));
      }
      await buckets.write(docs);
      if (s % 500 === 0) log(`${name}: prefilled ${s * perSession} of ${fill} events`);
    }
    log(
      `${name}: prefilled ${prefillSessions * perSession} events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'scrubin-eventlog-bench-'));
  const { log: eventLog } = await EventLog.open(
    mdb,
    { ...DEFAULT_EVENT_LOG, dataDir },
    PARTITIONED_LAYOUT,
    (err, what) => log(`${name}: ${what}: ${String(err)}`),
  );
  const sessions = Array.from(
    { length: liveSessions },
    (_, i) => `session_1800000000000_live${String(i).padStart(6, '0')}`,
  );
  return {
    name,
    db,
    client,
    log: eventLog,
    nextSeq: new Map(sessions.map((s) => [s, 1])),
    sessions,
    measured: { events: 0, dbCpuMs: 0, benchCpuMs: 0, latenciesMs: [] },
  };
}

/** Appends at `rate` events/s spread over the live sessions for `seconds`; measures. */
async function round(t: Target, seconds: number): Promise<void> {
  const cpu0 = processCpuMs(t.db.pid);
  const bench0 = process.cpuUsage();
  const start = performance.now();
  const pending: Promise<void>[] = [];
  let sent = 0;
  const tickMs = 5;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor((elapsed / 1000) * rate);
      for (; sent < due; sent++) {
        const sessionId = t.sessions[sent % t.sessions.length]!;
        const seq = t.nextSeq.get(sessionId)!;
        t.nextSeq.set(sessionId, seq + 1);
        const at = performance.now();
        pending.push(
          t.log
            .append(entry(sessionId, seq), () => {})
            .then(() => {
              t.measured.latenciesMs.push(performance.now() - at);
            }),
        );
      }
    }, tickMs);
  });
  await Promise.all(pending);
  const bench = process.cpuUsage(bench0);
  t.measured.events += sent;
  t.measured.dbCpuMs += processCpuMs(t.db.pid) - cpu0;
  t.measured.benchCpuMs += (bench.user + bench.system) / 1000;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

const targets = [await open('empty', 0), await open('full', prefill)];
log(
  `appending ${rate} events/s over ${liveSessions} sessions, ${rounds} rounds of ${roundS} s each`,
);
for (let r = 0; r < rounds; r++) {
  for (const t of targets) {
    await round(t, roundS);
    log(`round ${r + 1}: ${t.name} done`);
  }
}
const rows = targets.map((t) => {
  const lat = t.measured.latenciesMs.sort((a, b) => a - b);
  const stats = t.log.stats();
  return {
    log: t.name,
    storedBefore: t.name === 'full' ? prefill : 0,
    events: t.measured.events,
    dbCpuUsPerEvent: (t.measured.dbCpuMs * 1000) / t.measured.events,
    dbCpuPctOfCore: (t.measured.dbCpuMs / (rounds * roundS * 1000)) * 100,
    benchCpuUsPerEvent: (t.measured.benchCpuMs * 1000) / t.measured.events,
    commitP50Ms: pct(lat, 0.5),
    commitP99Ms: pct(lat, 0.99),
    commits: stats.batches,
    compactions: stats.compactions,
  };
});
const [empty, full] = rows as [(typeof rows)[0], (typeof rows)[0]];
const ratio = full.dbCpuUsPerEvent / empty.dbCpuUsPerEvent;
const table = [
  '| log | stored before | events appended | db CPU µs / event | db CPU % of a core | appender CPU µs / event | append→stored p50 / p99, ms | commits | compactions |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.log} | ${r.storedBefore.toLocaleString('en-US')} | ${r.events.toLocaleString('en-US')} | ${r.dbCpuUsPerEvent.toFixed(1)} | ${r.dbCpuPctOfCore.toFixed(1)} | ${r.benchCpuUsPerEvent.toFixed(1)} | ${r.commitP50Ms.toFixed(2)} / ${r.commitP99Ms.toFixed(2)} | ${r.commits} | ${r.compactions} |`,
  ),
];
process.stdout.write(
  `${table.join('\n')}\n\nfull / empty, db CPU per event: ${ratio.toFixed(3)} (bar ≤ 1.20: ${ratio <= 1.2 ? 'PASS' : 'MISS'})\n`,
);
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const file = `${resultsDir}eventlog-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ flags, rows, ratio }, null, 2));
log(`results: ${file}`);
for (const t of targets) {
  await t.log.close();
  await t.client.close();
  await t.db.stop();
}
