/**
 * Memory of a World per tier: heap, typed-array (ArrayBuffer) and RSS growth with one more world
 * alive, after a full GC and a few steps (so the pages are touched), and the exact byte size of
 * the slab's typed arrays. Run first, in a fresh process, so RSS is meaningful.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { World, type TierId } from '@scrubin/sim';

/** Figures of one tier, MiB. */
export interface MemoryFigures {
  tier: TierId;
  heapMiB: number;
  arrayBuffersMiB: number;
  rssMiB: number;
  /** Sum of the slab's typed arrays' byteLength. */
  slabArraysMiB: number;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const MIB = 1024 * 1024;

function settle(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

/** Measures `tiers` in order; the worlds stay alive until every tier is measured. */
export function measureMemory(tiers: readonly TierId[]): MemoryFigures[] {
  const keep: World[] = [];
  const out: MemoryFigures[] = [];
  // A throwaway world first, so the code, its compilation and the allocator's first pages
  // don't count against the first tier measured.
  new World({ scenario: 'skin-incision', tier: tiers[0] ?? 'low' }).step();
  for (const tier of tiers) {
    const before = settle();
    const world = new World({ scenario: 'skin-incision', tier });
    for (let k = 0; k < 5; k++) world.step();
    keep.push(world);
    const after = settle();
    let slabBytes = 0;
    for (const value of Object.values(world.slab)) {
      if (ArrayBuffer.isView(value)) slabBytes += value.byteLength;
    }
    out.push({
      tier,
      heapMiB: (after.heapUsed - before.heapUsed) / MIB,
      arrayBuffersMiB: (after.arrayBuffers - before.arrayBuffers) / MIB,
      rssMiB: (after.rss - before.rss) / MIB,
      slabArraysMiB: slabBytes / MIB,
    });
  }
  keep.length = 0;
  return out;
}
