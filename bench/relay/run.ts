/**
 * Relay benchmark: the bare Socket.IO baseline, the full app and a Colyseus state-sync room, one
 * after the other in the same run and under the same load; prints a table and the verdict against
 * the performance bars, and writes JSON to bench/results/.
 *
 *   npm run bench -- --seconds 20
 *   node --conditions=@scrubin/source --import tsx bench/relay/run.ts --sessions 50 --users 6
 *
 * Flags: --sessions 50 --users 6 --seconds 20 (measured window) --warmup 5 --drain 2
 *        --only bare|app|colyseus (or a comma-separated list; default all three)
 *        --loadgen-threads N (threads of the load generator; default 1 up to 300 sockets, else 2)
 *        --profile (CPU profile of each relay over the window, bench/results/)
 *        --log-level info (the app server's pino level) --strict (exit 1 when a target is missed)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startChild } from './child-host.js';
import type { ChildMark } from './child-stats.js';
import { runLoad } from './load.js';
import { checkTargets, compareRelays, formatTable, type TargetResult } from './report.js';
import type { MeasuredRelay, ServerFigures } from './report.js';
import { busyPctOfCore, readMachineCpu, type MachineCpu } from './machine.js';
import { appSessions, bareSessions } from './setup.js';

const { values: flags } = parseArgs({
  options: {
    sessions: { type: 'string', default: '50' },
    users: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    drain: { type: 'string', default: '2' },
    only: { type: 'string' },
    'loadgen-threads': { type: 'string' },
    profile: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    strict: { type: 'boolean', default: false },
  },
});
const sessions = positiveInt('sessions');
const users = positiveInt('users');
const measureS = positiveNumber('seconds');
const warmupS = positiveNumber('warmup');
const drainS = positiveNumber('drain');
// One thread saturates well before 150 × 6 sockets; small runs keep the in-process generator.
const defaultLoadgenThreads = sessions * users <= 300 ? 1 : 2;
const loadgenThreads = Math.min(
  sessions,
  flags['loadgen-threads'] === undefined ? defaultLoadgenThreads : positiveInt('loadgen-threads'),
);
const RELAYS = ['bare', 'app', 'colyseus'] as const;
type RelayKind = (typeof RELAYS)[number];
const SCRIPTS: Record<RelayKind, string> = {
  bare: './bare-relay.ts',
  app: './server-child.ts',
  colyseus: './colyseus-relay.ts',
};
const only = flags.only?.split(',') ?? [...RELAYS];
if (!only.every((k): k is RelayKind => (RELAYS as readonly string[]).includes(k))) {
  fail(`--only takes ${RELAYS.join(', ')} or a comma-separated list of them`);
}

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(resultsDir, { recursive: true });
const log = (line: string) => process.stderr.write(`[relay-bench] ${line}\n`);

async function measure(kind: RelayKind): Promise<MeasuredRelay> {
  const script = fileURLToPath(new URL(SCRIPTS[kind], import.meta.url));
  const profileFile = flags.profile ? `${resultsDir}relay-${stamp}-${kind}.cpuprofile` : undefined;
  const child = await startChild({
    script,
    args: kind === 'app' ? ['--log-level', flags['log-level']] : [],
    logFile: `${resultsDir}relay-${stamp}-${kind}.log`,
  });
  log(`${kind}: relay pid ${child.pid} at ${child.url}`);
  try {
    const setupStart = Date.now();
    const plans =
      kind === 'app'
        ? await appSessions(child.url, sessions, users)
        : bareSessions(sessions, users);
    if (kind === 'app')
      log(`app: REST setup took ${((Date.now() - setupStart) / 1000).toFixed(1)}s`);
    let start: ChildMark | undefined;
    let end: ChildMark | undefined;
    let machineStart: MachineCpu | undefined;
    let machineEnd: MachineCpu | undefined;
    let eventLog: ServerFigures['eventLog'];
    const load = await runLoad({
      url: child.url,
      mode: kind,
      plans,
      threads: loadgenThreads,
      warmupS,
      measureS,
      drainS,
      onWindowStart: async () => {
        start = await child.mark(profileFile && 'start');
        machineStart = readMachineCpu();
      },
      onWindowEnd: async () => {
        machineEnd = readMachineCpu();
        end = await child.mark(profileFile);
        if (kind === 'app') eventLog = await readEventLogMetrics(child.url);
      },
      log: (line) => log(`${kind}: ${line}`),
    });
    const s = start!;
    const e = end!;
    const wallS = (e.wallUs - s.wallUs) / 1e6;
    const cpuUs = e.cpuUs - s.cpuUs;
    const dbCpuUs =
      e.descendantsCpuUs !== null && s.descendantsCpuUs !== null
        ? e.descendantsCpuUs - s.descendantsCpuUs
        : null;
    const machinePct = busyPctOfCore(machineStart!, machineEnd!, cpus().length);
    const serverPct = (cpuUs / (wallS * 1e6)) * 100;
    const dbPct = dbCpuUs === null ? 0 : (dbCpuUs / (wallS * 1e6)) * 100;
    return {
      kind,
      load,
      machine: {
        busyPctOfCore: machinePct,
        otherPctOfCore: Math.max(0, machinePct - serverPct - dbPct - load.loadgen.cpuPctOfCore),
      },
      server: {
        wallS,
        cpuUs,
        cpuPctOfCore: serverPct,
        cpuUsPerInbound: cpuUs / load.inbound.total,
        cpuUsPerDelivery: cpuUs / load.deliveries.total,
        cpuUsPerPacket: cpuUs / (load.inbound.total + load.deliveries.packetsOut),
        dbCpuPctOfCore: dbCpuUs === null ? null : (dbCpuUs / (wallS * 1e6)) * 100,
        dbProcesses: e.descendants,
        rssMb: e.rssBytes / 2 ** 20,
        rssStartMb: s.rssBytes / 2 ** 20,
        heapUsedMb: e.heapUsedBytes / 2 ** 20,
        loopDelayP50Ms: e.loopDelayP50Ms,
        loopDelayP99Ms: e.loopDelayP99Ms,
        loopDelayMaxMs: e.loopDelayMaxMs,
        runQueueWaitMsPerS: (e.runQueueWaitUs - s.runQueueWaitUs) / 1000 / wallS,
        eventLog,
      },
    };
  } finally {
    await child.stop();
  }
}

const runs: MeasuredRelay[] = [];
const started = new Date();
for (const kind of RELAYS) if (only.includes(kind)) runs.push(await measure(kind));
const bare = runs.find((r) => r.kind === 'bare');
const app = runs.find((r) => r.kind === 'app');
const colyseus = runs.find((r) => r.kind === 'colyseus');

process.stdout.write(
  `\nRelay: ${sessions} sessions × ${users} users, cursors 30 Hz + tissue every 200–500 ms, ` +
    `${warmupS}s warm-up, ${measureS}s window (${cpus().length} cores), ` +
    `load generator on ${loadgenThreads} thread${loadgenThreads > 1 ? 's' : ''}\n\n`,
);
process.stdout.write(`${formatTable(bare, app, colyseus)}\n`);
process.stdout.write(
  '\nServer CPU is the relay process alone; the embedded database (jongodb) is a separate\n' +
    'process, shown as "db CPU" and left out of the CPU ratio. Colyseus: a delivery is one remote\n' +
    "player's change in a state patch a client received; cursor packets are those patches.\n",
);
let targets: TargetResult[] = [];
if (app) {
  targets = checkTargets(bare, app);
  process.stdout.write('\nTargets (full app path):\n');
  for (const t of targets) {
    process.stdout.write(
      `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.actual} (target ${t.target})\n`,
    );
  }
}

const file = `${resultsDir}relay-${stamp}.json`;
writeFileSync(
  file,
  `${JSON.stringify(
    {
      benchmark: 'relay',
      startedAt: started.toISOString(),
      options: {
        sessions,
        users,
        warmupS,
        measureS,
        drainS,
        loadgenThreads,
        logLevel: flags['log-level'],
      },
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGb: totalmem() / 2 ** 30,
        node: process.version,
        loadavgAtEnd: loadavg(),
      },
      runs,
      comparison: compareRelays(runs),
      targets,
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`\nJSON: ${file}\n`);
if (flags.strict && targets.some((t) => !t.pass)) process.exitCode = 1;

/** Queue depth, lag and stored count of the app's event log, from its Prometheus metrics. */
async function readEventLogMetrics(url: string): Promise<ServerFigures['eventLog']> {
  try {
    const text = await (await fetch(`${url}/api/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    return {
      queueDepth: value('scrubin_eventlog_queue_depth'),
      lagS: value('scrubin_eventlog_lag_seconds'),
      written: value('scrubin_eventlog_written_total'),
    };
  } catch {
    return undefined;
  }
}

function positiveInt(name: 'sessions' | 'users' | 'loadgen-threads'): number {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} takes a positive integer`);
  return value;
}

function positiveNumber(name: 'seconds' | 'warmup' | 'drain'): number {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value < 0 || (name === 'seconds' && value === 0)) {
    fail(`--${name} takes a positive number of seconds`);
  }
  return value;
}

function fail(message: string): never {
  process.stderr.write(`relay bench: ${message}\n`);
  process.exit(2);
}
