/** Tables and the verdict against the simulation bars of DESIGN.md ("Performance bars"). */
import type { CutFigures } from './cut.js';
import type { MemoryFigures } from './memory.js';
import type { HotSpot } from './profile.js';
import type { ReplayFigures, ReplayRun } from './replay-speed.js';
import type { StepFigures } from './step.js';
import { fmt } from './stats.js';

/** The bars. */
export const SIM_TARGETS = {
  defaultStepMs: 4,
  cutMs: 0.5,
  replayXRealTime: 10,
} as const;

/** One bar and how the run did against it. */
export interface TargetResult {
  name: string;
  target: string;
  actual: string;
  /** actual / target (for "≥" bars, target / actual): below 1 is inside the bar. */
  ratio: number;
  pass: boolean;
}

/** A fixed-width table: first column left-aligned, the rest right-aligned. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function stepTable(steps: StepFigures[]): string {
  return table(
    [
      'tier',
      'particles',
      'dist',
      'tets',
      'sub',
      'step med',
      'p99',
      'CPU/tick',
      'no-vol med',
      'sweep med',
      '÷no-vol',
      '÷sweep',
      'hash med',
      'hash p99',
    ],
    steps.map((s) => [
      s.tier,
      String(s.particles),
      String(s.distanceConstraints),
      String(s.volumeConstraints),
      String(s.substeps),
      fmt(s.stepMs.median, 3),
      fmt(s.stepMs.p99, 3),
      fmt(s.stepCpuMs, 3),
      fmt(s.noVolumeMs.median, 3),
      fmt(s.bareSweepMs.median, 3),
      `${fmt(s.stepMs.median / s.noVolumeMs.median, 2)}×`,
      `${fmt(s.stepMs.median / s.bareSweepMs.median, 1)}×`,
      fmt(s.hashMs.median, 3),
      fmt(s.hashMs.p99, 3),
    ]),
  );
}

export function cutTable(cuts: CutFigures[]): string {
  return table(
    [
      'tier',
      'cut med',
      'cut p99',
      'pose med',
      'pose p99',
      'cut − pose',
      'severed/event',
      '6 cm polyline med',
      'p99',
    ],
    cuts.map((c) => [
      c.tier,
      fmt(c.cutEventMs.median, 4),
      fmt(c.cutEventMs.p99, 4),
      fmt(c.poseEventMs.median, 4),
      fmt(c.poseEventMs.p99, 4),
      fmt(c.cutOnlyMedianMs, 4),
      fmt(c.severedPerEvent, 2),
      fmt(c.polylineEventMs.median, 3),
      fmt(c.polylineEventMs.p99, 3),
    ]),
  );
}

export function replayTable(r: ReplayFigures): string {
  const row = (name: string, run: ReplayRun, note = '') => [
    name,
    fmt(run.wallMs / 1000, 1),
    fmt(run.cpuMs / 1000, 1),
    `${fmt(run.xRealTime, 1)}×`,
    `${fmt(run.xRealTimeCpu, 1)}×`,
    `${run.stepsRun} / ${r.ticks}`,
    `${run.finalHash}${note}`,
  ];
  const rows = [row(`replay(text), parse ${fmt(r.replay.parseMs, 0)} ms of it`, r.replay)];
  if (r.world)
    rows.push(row('World fed the events', r.world, r.world.sameHash ? ' (same)' : ' (DIFFERS)'));
  return table(
    ['run', 'wall s', 'CPU s', '× real (wall)', '× real (CPU)', 'steps / ticks', 'final hash'],
    rows,
  );
}

export function memoryTable(memory: MemoryFigures[]): string {
  return table(
    ['tier', 'heap', 'array buffers', 'RSS', 'slab typed arrays'],
    memory.map((m) => [
      m.tier,
      fmt(m.heapMiB, 2),
      fmt(m.arrayBuffersMiB, 2),
      fmt(m.rssMiB, 2),
      fmt(m.slabArraysMiB, 2),
    ]),
  );
}

export function hotSpotLines(spots: HotSpot[]): string {
  return spots.map((s) => `  ${fmt(s.selfPct, 1).padStart(5)} %  ${s.fn}`).join('\n');
}

/** Checks the bars: default-tier step median, cut event median, replay speed. */
export function checkTargets(
  steps: StepFigures[],
  cuts: CutFigures[],
  replay: ReplayFigures | null,
): TargetResult[] {
  const out: TargetResult[] = [];
  const step = steps.find((s) => s.tier === 'default');
  if (step) {
    const v = step.stepMs.median;
    out.push({
      name: 'default tier, ms per awake tick (median)',
      target: `≤ ${SIM_TARGETS.defaultStepMs} ms`,
      actual: `${fmt(v, 2)} ms (p99 ${fmt(step.stepMs.p99, 2)}, CPU ${fmt(step.stepCpuMs, 2)})`,
      ratio: v / SIM_TARGETS.defaultStepMs,
      pass: v <= SIM_TARGETS.defaultStepMs,
    });
  }
  const cut = cuts.find((c) => c.tier === 'default');
  if (cut) {
    const v = cut.cutEventMs.median;
    out.push({
      name: 'default tier, cutting event apply() (median)',
      target: `≤ ${SIM_TARGETS.cutMs} ms`,
      actual: `${fmt(v, 4)} ms (p99 ${fmt(cut.cutEventMs.p99, 4)})`,
      ratio: v / SIM_TARGETS.cutMs,
      pass: v <= SIM_TARGETS.cutMs,
    });
  }
  if (replay) {
    const run = replay.replay;
    out.push({
      name: `replay() of a ${replay.minutes} min session`,
      target: `≥ ${SIM_TARGETS.replayXRealTime}× real time`,
      actual: `${fmt(run.xRealTime, 1)}× wall (${fmt(run.xRealTimeCpu, 1)}× on CPU time)`,
      ratio: SIM_TARGETS.replayXRealTime / run.xRealTime,
      pass: run.xRealTime >= SIM_TARGETS.replayXRealTime,
    });
  }
  return out;
}
