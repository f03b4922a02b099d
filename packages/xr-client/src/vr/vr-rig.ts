import type { Tool } from '@scrubin/protocol';
import { createContext, useContext } from 'react';
import type { LocalInstrument } from '../scene/local-instrument.js';

/**
 * What the controllers work on. The XR store renders the controllers itself (without props), so
 * the VR layer hands them this through context.
 */
export interface VrRig {
  /** The local instrument: the dominant controller writes its pose and buttons here. */
  local: LocalInstrument;
  /** The user's colour (controller accents). */
  color: string;
  /** Picks up another instrument (face buttons cycle through the tray). */
  selectTool: (tool: Tool) => void;
  /** Push-to-talk held or released (the pointing controller's grip). */
  talk: (holding: boolean) => void;
}

export const VrRigContext = createContext<VrRig | null>(null);

/** The rig of the enclosing VR layer. */
export function useVrRig(): VrRig {
  const rig = useContext(VrRigContext);
  if (!rig) throw new Error('VR controllers must be rendered inside the VR layer');
  return rig;
}
