import type { ScenarioId } from '@scrubin/protocol';

/** Colours of a scenario's patient region. */
export interface ScenarioLook {
  /** Tissue surface (skin, or epicardium). */
  surface: string;
  /** The layer below it, seen in the wound bed as an incision gapes. */
  woundBed: string;
  /** Sides of the tissue pad. */
  padSide: string;
  surfaceRoughness: number;
  /** Marker ink of the incision line and suture targets. */
  marker: string;
}

const SKIN: ScenarioLook = {
  surface: '#e3a98e',
  woundBed: '#8f1f1f',
  padSide: '#cf8f76',
  surfaceRoughness: 0.6,
  marker: '#4a1d86',
};

/** How each scenario's patient region looks. */
export const SCENARIO_LOOKS: Record<ScenarioId, ScenarioLook> = {
  'skin-incision': SKIN,
  'interrupted-suture': SKIN,
  'cardiac-surgery': {
    surface: '#8e3b34',
    woundBed: '#4e0c10',
    padSide: '#6b231f',
    surfaceRoughness: 0.3,
    marker: '#e8e2f4',
  },
};
