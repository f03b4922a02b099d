import type { Tool } from '@scrubin/protocol';

/** How an instrument acts on tissue. */
export interface InstrumentSpec {
  /** Radius of the tip's contact sphere, metres. */
  tipRadiusM: number;
  /** Cuts when active and below the surface. */
  cuts: boolean;
  /** Deepest cut it makes, metres (cautery cuts shallowly). */
  maxCutDepthM: number;
  /** Jaws that grasp surface particles when closed. */
  grasps: boolean;
  /** Radius within which closed jaws take particles, metres, and how many at most. */
  graspRadiusM: number;
  graspMax: number;
  /**
   * Force at which a grasp slips, newtons, in the model's lumped masses (15.6 mg particles): about
   * 2 mN per millimetre a held particle lags behind the jaws within one substep.
   */
  slipForceN: number;
  /** Carries a needle: punctures make suture bites. */
  needle: boolean;
}

/** The instruments of the table. */
export const INSTRUMENTS: Record<Tool, InstrumentSpec> = {
  scalpel: {
    tipRadiusM: 0.0015,
    cuts: true,
    maxCutDepthM: 0.02,
    grasps: false,
    graspRadiusM: 0,
    graspMax: 0,
    slipForceN: 0,
    needle: false,
  },
  forceps: {
    tipRadiusM: 0.002,
    cuts: false,
    maxCutDepthM: 0,
    grasps: true,
    graspRadiusM: 0.003,
    graspMax: 3,
    slipForceN: 0.012,
    needle: false,
  },
  'needle-driver': {
    tipRadiusM: 0.0015,
    cuts: false,
    maxCutDepthM: 0,
    grasps: true,
    graspRadiusM: 0.002,
    graspMax: 2,
    slipForceN: 0.01,
    needle: true,
  },
  scissors: {
    tipRadiusM: 0.002,
    cuts: true,
    maxCutDepthM: 0.004,
    grasps: false,
    graspRadiusM: 0,
    graspMax: 0,
    slipForceN: 0,
    needle: false,
  },
  cautery: {
    tipRadiusM: 0.0015,
    cuts: true,
    maxCutDepthM: 0.0008,
    grasps: false,
    graspRadiusM: 0,
    graspMax: 0,
    slipForceN: 0,
    needle: false,
  },
  retractor: {
    tipRadiusM: 0.004,
    cuts: false,
    maxCutDepthM: 0,
    grasps: true,
    graspRadiusM: 0.005,
    graspMax: 6,
    slipForceN: 0.03,
    needle: false,
  },
};
