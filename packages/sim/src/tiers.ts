/** Resolution tiers: the same 10 cm slab, finer or coarser, with the substeps to match. */
export const TIERS = {
  low: { gridSize: 21, spacingM: 0.005, substeps: 3 },
  // Three substeps: stable on every scenario and 2.6 ms a tick (four cost 3.4 ms).
  default: { gridSize: 41, spacingM: 0.0025, substeps: 3 },
  high: { gridSize: 61, spacingM: 0.1 / 60, substeps: 6 },
} as const;
export type TierId = keyof typeof TIERS;
export const TIER_IDS = Object.keys(TIERS) as TierId[];

/** Simulation ticks per second. */
export const SIM_TICK_HZ = 90;
/** A state hash every this many ticks. */
export const HASH_INTERVAL_TICKS = 90;
/** Version of the simulation model; recordings name it, and a change of model changes it. */
export const SIM_VERSION = '1.0.0';
