import type { ScenarioId } from '@scrubin/protocol';
import type { TierId } from './tiers.js';

/**
 * A copy of everything the future of a {@link World} depends on, taken by `World.snapshot()`
 * and put back with `World.restore()` or `World.fromSnapshot()`: a World restored from it and
 * fed the same events from there gives the same hashes and scores, bit for bit, as the World it
 * was taken from. Plain data, so it is structured-cloneable (`postMessage`, IndexedDB); apart
 * from what identifies it, its contents are private to the simulation.
 */
export interface WorldSnapshot {
  readonly simVersion: string;
  readonly scenario: ScenarioId;
  readonly tier: TierId;
  readonly seed: number;
  /** The World's tick when it was taken. */
  readonly tick: number;
  /** `seq` of the last entry the World had applied. */
  readonly lastSeq: number;
  /** Approximate size in memory, bytes (typed arrays exactly, the rest estimated). */
  readonly bytes: number;
  /** The copied state: restore it, don't read it. */
  readonly state: unknown;
}

/** Bytes V8 spends on an object or array header, roughly. */
const HEADER_BYTES = 16;
const SLOT_BYTES = 8;

/**
 * Rough heap size of plain data: typed arrays by their bytes, a slot per number, property or
 * element, two bytes a character. Shared objects count once per reference (an overestimate).
 */
export function approximateBytes(value: unknown): number {
  if (typeof value === 'string') return HEADER_BYTES + value.length * 2;
  if (typeof value !== 'object' || value === null) return 0;
  if (ArrayBuffer.isView(value)) return HEADER_BYTES * 4 + value.byteLength;
  let bytes = HEADER_BYTES;
  if (value instanceof Map) {
    for (const [k, v] of value) bytes += 2 * SLOT_BYTES + approximateBytes(k) + approximateBytes(v);
    return bytes;
  }
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  for (const item of items) bytes += SLOT_BYTES + approximateBytes(item);
  return bytes;
}
