/**
 * Where an awake tick's time goes: a V8 CPU profile (in-process inspector) of the default-tier
 * press loop, aggregated by function self time. Runs after the timed measurements.
 */
import { Session } from 'node:inspector/promises';
import type { TierId } from '@scrubin/sim';
import { pressingWorld } from './step.js';

/** One function's share of the profiled samples. */
export interface HotSpot {
  fn: string;
  /** Self time, % of all samples in the loop. */
  selfPct: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

/** Profiles `ticks` awake ticks of `tier` and returns the top functions by self time. */
export async function profileStep(tier: TierId, ticks: number, top = 8): Promise<HotSpot[]> {
  const { world, move } = pressingWorld(tier);
  for (let k = 0; k < 30; k++) {
    move();
    world.step();
  }
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    for (let k = 0; k < ticks; k++) {
      move();
      world.step();
      if (k % 90 === 0) world.hash();
    }
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: { nodes: ProfileNode[] };
    };
    const byFn = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (hits === 0) continue;
      const { functionName, url } = node.callFrame;
      if (functionName === '(idle)') continue;
      const file = url.split('/').slice(-2).join('/');
      // Names and files only: under tsx the line numbers are those of the transpiled code.
      const key = file ? `${functionName || '(anonymous)'} (${file})` : functionName;
      byFn.set(key, (byFn.get(key) ?? 0) + hits);
      total += hits;
    }
    return [...byFn.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, hits]) => ({ fn, selfPct: (hits / total) * 100 }));
  } finally {
    session.disconnect();
  }
}
