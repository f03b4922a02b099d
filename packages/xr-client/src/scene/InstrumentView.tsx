import type { Tool } from '@scrubin/protocol';
import { useEffect, useMemo } from 'react';
import { buildInstrument, type InstrumentRig } from './instrument-models.js';

/** Builds (and frees) the rig of an instrument; null without a tool. */
export function useInstrumentRig(tool: Tool | null, color: string): InstrumentRig | null {
  const rig = useMemo(() => (tool ? buildInstrument(tool, color) : null), [tool, color]);
  useEffect(() => () => rig?.dispose(), [rig]);
  return rig;
}
