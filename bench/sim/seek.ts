/**
 * Review seeks: the generated 10-minute session (cardiac scenario, default tier) is played to its
 * end by the review worker's SimRunner, once with the review's keyframes and once without, then
 * each seeks back from the end to the middle (with keyframes, also to the worst place: the tick
 * before the keyframe that ends the busiest spacing, a whole spacing of mostly awake ticks to
 * simulate); the seeks are timed and their hashes compared with a World run from the start. Also prints what the keyframes cost: their count, spacing and memory, and the
 * time playing forward took with and without taking them.
 *
 *   node --conditions=@scrubin/source --import tsx bench/sim/seek.ts
 *
 * Flags: --minutes 10 (length of the session) --to 0.5 (where to seek back to, share of it)
 */
import { parseArgs } from 'node:util';
import { SIM_TICK_HZ, World, type TierId } from '@scrubin/sim';
import { REVIEW_KEYFRAMES } from '../../packages/xr-client/src/sim/keyframes.js';
import { SimRunner } from '../../packages/xr-client/src/sim/sim-runner.js';
import { scriptSession } from './session-script.js';
import { cpuMs, fmt, nowMs } from './stats.js';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    to: { type: 'string', default: '0.5' },
  },
});
const minutes = Number(flags.minutes);
const share = Number(flags.to);
const options = { scenario: 'cardiac-surgery', tier: 'default' as TierId, seed: 1 } as const;
const MIB = 1024 * 1024;

interface Timed {
  wallMs: number;
  cpuMs: number;
}

function timed(fn: () => void): Timed {
  const c0 = cpuMs();
  const t0 = nowMs();
  fn();
  return { wallMs: nowMs() - t0, cpuMs: cpuMs() - c0 };
}

const scripted = scriptSession(minutes);
const entries = scripted.log.entries;
const endTick = scripted.endTick;
const target = Math.floor(endTick * share);
process.stderr.write(
  `${minutes}-minute session: ${entries.length} events, ${endTick} ticks; seek back to ${target}\n`,
);

/** Physics steps run by each tick of the plain play, to find the busiest keyframe spacing. */
const stepsAt = new Int32Array(endTick + 1);

/**
 * Plays to the end, then seeks back to each of `targets(runner)` in turn (from the end each
 * time).
 */
function measure(keyframes: boolean, targets: (runner: SimRunner) => number[]) {
  const runner = new SimRunner({ ...options, ...(keyframes && { keyframes: REVIEW_KEYFRAMES }) });
  runner.push(entries);
  const toEnd = () => {
    runner.seek(endTick);
    runner.run(() => {
      stepsAt[runner.world.tick] = runner.world.stepsRun;
      return true;
    });
  };
  const play = timed(toEnd);
  process.stderr.write(`played to the end ${keyframes ? 'with' : 'without'} keyframes\n`);
  const store = runner.keyframes;
  const held = {
    count: store?.ticks.length ?? 0,
    everyTicks: store?.everyTicks ?? 0,
    bytes: store?.bytes ?? 0,
    lastBytes: store?.atOrBefore(endTick)?.bytes ?? 0,
  };
  const seeks = targets(runner).map((tick) => {
    toEnd();
    const seek = timed(() => {
      runner.seek(tick);
      runner.run();
    });
    process.stderr.write(`sought back to ${tick} ${keyframes ? 'with' : 'without'} keyframes\n`);
    return { ...seek, tick, sameHash: runner.world.hash() === fromStart(tick) };
  });
  return { play, seeks, held };
}

/** Hash of a World run from the start to `tick`. */
function fromStart(tick: number): string {
  const world = new World(options);
  for (const entry of entries.filter((e) => e.tick <= tick)) world.apply(entry);
  world.advanceTo(tick);
  return world.hash();
}

/** The tick before the keyframe that ends the spacing with the most physics steps. */
function worstTarget(runner: SimRunner): number {
  const ticks = [0, ...runner.keyframes!.ticks];
  let worst = { tick: 0, steps: -1 };
  for (let k = 1; k < ticks.length; k++) {
    const steps = stepsAt[ticks[k]! - 1]! - stepsAt[ticks[k - 1]!]!;
    if (steps > worst.steps) worst = { tick: ticks[k]! - 1, steps };
  }
  return worst.tick;
}

const without = measure(false, () => [target]);
const withKeyframes = measure(true, (runner) => [target, worstTarget(runner)]);

const ms = (value: number) => `${fmt(value, value < 100 ? 1 : 0)} ms`;
const { held } = withKeyframes;
const at = (tick: number) => `tick ${tick} (${fmt(tick / SIM_TICK_HZ, 2)} s)`;
const rows = [
  ['from the end back to', 'keyframes', 'wall', 'CPU', 'hash = from the start'],
  ...without.seeks.map((r) => [at(r.tick), 'no', ms(r.wallMs), ms(r.cpuMs), String(r.sameHash)]),
  ...withKeyframes.seeks.map((r) => [
    at(r.tick),
    'yes',
    ms(r.wallMs),
    ms(r.cpuMs),
    String(r.sameHash),
  ]),
  ['(play to the end)', 'no', ms(without.play.wallMs), ms(without.play.cpuMs), ''],
  ['(play to the end)', 'yes', ms(withKeyframes.play.wallMs), ms(withKeyframes.play.cpuMs), ''],
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
console.log(
  `\nkeyframes: ${held.count}, every ${fmt(held.everyTicks / SIM_TICK_HZ, 0)} s, ` +
    `${fmt(held.bytes / MIB, 1)} MiB of ${fmt(REVIEW_KEYFRAMES.budgetBytes / MIB, 0)}; ` +
    `the last one ${fmt(held.lastBytes / 1024, 0)} KiB`,
);
if (![...without.seeks, ...withKeyframes.seeks].every((r) => r.sameHash)) process.exitCode = 1;
