import type { PresenceEntry, ScenarioId, Tool } from '@scrubin/protocol';
import { SCENARIOS, TIERS, type TierId } from '@scrubin/sim';
import { useEffect, useMemo } from 'react';
import { LocalInstrumentView } from './LocalInstrumentView.js';
import { Markings } from './Markings.js';
import { Patient } from './Patient.js';
import { RemoteInstruments } from './RemoteInstruments.js';
import { Room } from './Room.js';
import { Tissue } from './Tissue.js';
import type { LocalInstrument } from './local-instrument.js';
import type { RemoteCursorStore } from './remote-cursors.js';
import { SCENARIO_LOOKS } from './scenario-look.js';
import { TissueView, type FrameSource } from './tissue-view.js';

/** What the shared operating scene shows. It reads its inputs and never handles devices. */
export interface OperatingSceneProps {
  scenario: ScenarioId;
  tier: TierId;
  /** Render frames of the tissue. */
  frames: FrameSource;
  /** This user's instrument, driven by whatever input is in use (desktop now, VR later). */
  local: LocalInstrument;
  localTool: Tool | null;
  localColor: string;
  /** Everyone else's pointer and instrument. */
  remote: RemoteCursorStore;
  participants: readonly PresenceEntry[];
  /** Resolution of the key light's shadow map. @default 1024 */
  shadowMapSize?: number;
}

/**
 * The operating room built in code: lights, room and table, the scenario's patient region, the
 * simulated tissue with its markings, and everyone's instruments. Place it inside a fiber
 * `<Canvas>`; input drivers and cameras are siblings, so a VR session can reuse it unchanged.
 */
export function OperatingScene(props: OperatingSceneProps) {
  const { scenario: scenarioId, tier, frames, local, localTool, localColor, remote } = props;
  const scenario = SCENARIOS[scenarioId];
  const look = SCENARIO_LOOKS[scenarioId];
  const grid = TIERS[tier];
  const view = useMemo(
    () => new TissueView(grid.gridSize, grid.spacingM, scenario.skinThicknessM),
    [grid, scenario],
  );
  useEffect(() => () => view.dispose(), [view]);
  const halfM = ((grid.gridSize - 1) * grid.spacingM) / 2;
  const shadowMapSize = props.shadowMapSize ?? 1024;

  return (
    <>
      <color attach="background" args={['#bfd3d1']} />
      <hemisphereLight args={['#f3f7ff', '#4a5660', 0.9]} />
      <directionalLight
        position={[0.25, 1.1, 0.35]}
        intensity={2.2}
        castShadow
        shadow-mapSize={[shadowMapSize, shadowMapSize]}
        shadow-camera-left={-0.25}
        shadow-camera-right={0.25}
        shadow-camera-top={0.25}
        shadow-camera-bottom={-0.25}
        shadow-camera-near={0.3}
        shadow-camera-far={2}
        shadow-bias={-0.0005}
      />
      <directionalLight position={[-0.6, 0.8, -0.4]} intensity={0.6} />
      <Room />
      <Patient scenario={scenario} look={look} halfM={halfM} />
      <Tissue view={view} source={frames} look={look} />
      <Markings view={view} scenario={scenario} color={look.marker} />
      <LocalInstrumentView local={local} tool={localTool} color={localColor} />
      <RemoteInstruments store={remote} participants={props.participants} />
    </>
  );
}
