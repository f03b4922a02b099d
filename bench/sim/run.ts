/**
 * Simulation benchmark: step time per tier with baselines measured in the same loop, cutting
 * event cost, state-hash cost, replay speed of a generated session, memory per World, and where
 * an awake tick's time goes. Prints tables and the verdict against the bars, writes JSON to
 * bench/results/.
 *
 *   node --conditions=@scrubin/source --import tsx bench/sim/run.ts
 *
 * Flags: --ticks 400 (timed awake ticks per tier) --warmup 60 --cut-events 400
 *        --minutes 10 (replayed session; 0 skips replay) --tiers low,default,high
 *        --profile-ticks 300 (0 skips the profile) --check (also time a World fed the same
 *        events and compare final hashes) --strict (exit 1 when a bar is missed)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SIM_TICK_HZ, TIER_IDS, type TierId } from '@scrubin/sim';
import { measureCut } from './cut.js';
import { measureMemory } from './memory.js';
import { profileStep } from './profile.js';
import { measureReplay } from './replay-speed.js';
import {
  checkTargets,
  cutTable,
  hotSpotLines,
  memoryTable,
  replayTable,
  stepTable,
} from './report.js';
import { measureStep } from './step.js';
import { cpuMs, fmt, machineTicks, nowMs } from './stats.js';

const { values: flags } = parseArgs({
  options: {
    ticks: { type: 'string', default: '400' },
    warmup: { type: 'string', default: '60' },
    'cut-events': { type: 'string', default: '400' },
    minutes: { type: 'string', default: '10' },
    tiers: { type: 'string', default: TIER_IDS.join(',') },
    'profile-ticks': { type: 'string', default: '300' },
    check: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
  },
});
const ticks = count('ticks', 1);
const warmup = count('warmup', 0);
const cutEvents = count('cut-events', 1);
const minutes = Number(flags.minutes);
if (!Number.isFinite(minutes) || minutes < 0) fail('--minutes takes a number ≥ 0');
const profileTicks = count('profile-ticks', 0);
const tiers = flags.tiers.split(',').map((t) => t.trim()) as TierId[];
for (const t of tiers)
  if (!TIER_IDS.includes(t)) fail(`unknown tier ${t} (${TIER_IDS.join(', ')})`);

const log = (line: string) => process.stderr.write(`[sim-bench] ${line}\n`);
const out = (text: string) => process.stdout.write(`${text}\n`);
const started = new Date();
const t0 = nowMs();
const cpu0 = cpuMs();
const machine0 = machineTicks();
const load0 = loadavg();

// Memory first, in a fresh process.
log('memory');
const memory = measureMemory(tiers);
const steps = tiers.map((tier) => {
  log(`step: ${tier}, ${warmup} + ${ticks} ticks`);
  return measureStep(tier, ticks, warmup);
});
const cuts = tiers.map((tier) => {
  log(`cut: ${tier}, ${cutEvents} events`);
  return measureCut(tier, cutEvents, Math.min(warmup, 60));
});
let replay = null;
if (minutes > 0) {
  log(`replay: ${minutes} min session, default tier`);
  replay = measureReplay(minutes, 'default', flags.check);
}
const hotSpots = profileTicks > 0 ? await profileStep('default', profileTicks) : [];
const wallS = (nowMs() - t0) / 1000;
const ownCpuS = (cpuMs() - cpu0) / 1000;
const machine1 = machineTicks();
const cores = cpus().length;
const totalTicks = machine1.total - machine0.total;
const machineBusyCores =
  totalTicks > 0 ? ((machine1.busy - machine0.busy) / totalTicks) * cores : 0;
const othersCores = Math.max(0, machineBusyCores - ownCpuS / wallS);

out(
  `\nSimulation benchmark: Node ${process.version}, ${cores} cores, ${fmt(wallS, 0)} s; ` +
    `load ${fmt(load0[0]!, 1)} → ${fmt(loadavg()[0]!, 1)}; other processes used ` +
    `${fmt(othersCores, 2)} of ${cores} cores meanwhile\n`,
);
out(
  'Step, ms per awake tick (forceps pressing 1.5 mm, moving every 3 ticks; baselines interleaved ' +
    'tick by tick:\nno-vol = same world with volume constraints off, sweep = bare Float64Array ' +
    'integration of the same particles)',
);
out(stepTable(steps));
for (const s of steps) {
  if (s.awakeTicks !== s.ticks) out(`  warning: ${s.tier} slept ${s.ticks - s.awakeTicks} ticks`);
}
out('\nCutting event, ms: apply() of a scalpel pose 2.5 mm deep moving 1 mm along its edge,');
out('against the same pose 3 mm above the surface (cut − pose: what the cut adds); and a');
out('tissue-update `cut` carrying a whole 6 cm incision (61 points) in one event');
out(cutTable(cuts));
if (replay) {
  out(
    `\nReplay: ${replay.minutes} min scripted session (cardiac, ${replay.tier} tier), ` +
      `${replay.events} events (${replay.poseEvents} poses), ${fmt(replay.recordingKiB, 0)} KiB; ` +
      `instruments moving ${fmt(replay.activeShare * 100, 0)} % of the time; ` +
      `${replay.replay.stepsRun} of ${replay.ticks} ticks stepped ` +
      `(${fmt((replay.replay.stepsRun / replay.ticks) * 100, 0)} %), the rest slept`,
  );
  out(replayTable(replay));
  const step = steps.find((s) => s.tier === 'default');
  if (step) {
    const stepping = (replay.replay.stepsRun * step.stepMs.median) / 1000;
    const bare = (replay.replay.stepsRun * step.noVolumeMs.median) / 1000;
    out(
      `  steps run × default step median = ${fmt(stepping, 1)} s, ` +
        `${fmt((stepping / (replay.replay.cpuMs / 1000)) * 100, 0)} % of replay()'s CPU time; ` +
        `× no-vol median = ${fmt(bare, 1)} s (≈ ${fmt(replay.ticks / SIM_TICK_HZ / bare, 0)}× real time ` +
        'without volume constraints)',
    );
  }
}
out('\nMemory per World, MiB (growth after GC, one more world alive)');
out(memoryTable(memory));
if (hotSpots.length > 0) {
  out('\nHot spots: default tier, awake ticks, V8 profile self time');
  out(hotSpotLines(hotSpots));
}
const targets = checkTargets(steps, cuts, replay);
out('\nTargets (ratio = share of the bar used; below 1 passes):');
for (const t of targets) {
  out(
    `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.actual}, target ${t.target}, ratio ${fmt(t.ratio, 2)}`,
  );
}

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const file = `${resultsDir}sim-${started.toISOString().replace(/[:.]/g, '-')}.json`;
const result = {
  benchmark: 'sim',
  startedAt: started.toISOString(),
  command: 'node --conditions=@scrubin/source --import tsx bench/sim/run.ts',
  options: { ticks, warmup, cutEvents, minutes, tiers, profileTicks, check: flags.check },
  machine: {
    cpus: cores,
    cpuModel: cpus()[0]?.model,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    loadavgAtStart: load0,
    loadavgAtEnd: loadavg(),
    othersCores,
  },
  wallS,
  steps,
  cuts,
  replay,
  memory,
  hotSpots,
  targets,
};
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
out(`\nJSON: ${file}`);
if (flags.strict && targets.some((t) => !t.pass)) process.exitCode = 1;

function count(name: 'ticks' | 'warmup' | 'cut-events' | 'profile-ticks', min: number): number {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < min) fail(`--${name} takes an integer ≥ ${min}`);
  return value;
}

function fail(message: string): never {
  process.stderr.write(`sim bench: ${message}\n`);
  process.exit(2);
}
