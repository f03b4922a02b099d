import { useFrame } from '@react-three/fiber';
import type { Tool } from '@scrubin/protocol';
import { useRef } from 'react';
import type { Group, Mesh } from 'three';
import { useInstrumentRig } from './InstrumentView.js';
import { markerGeometry } from './instrument-models.js';
import type { LocalInstrument } from './local-instrument.js';

/** Height of pointer markers above the rest surface, metres. */
export const MARKER_Y = 0.0004;

/** Draws the local instrument where the input driver put it, and its marker on the surface. */
export function LocalInstrumentView(props: {
  local: LocalInstrument;
  /** The tool in hand (React state, so that the model is rebuilt when it changes). */
  tool: Tool | null;
  color: string;
}) {
  const { local, tool, color } = props;
  const rig = useInstrumentRig(tool, color);
  const group = useRef<Group>(null);
  const marker = useRef<Mesh>(null);

  useFrame(() => {
    const g = group.current;
    const m = marker.current;
    if (!g || !m) return;
    g.visible = local.tracked && rig !== null;
    m.visible = local.tracked;
    if (!local.tracked) return;
    const p = local.position;
    const r = local.rotation;
    g.position.set(p[0]!, p[1]!, p[2]!);
    g.quaternion.set(r[0]!, r[1]!, r[2]!, r[3]!);
    m.position.set(p[0]!, MARKER_Y, p[2]!);
    rig?.setJaw(local.active ? 0 : 1);
  });

  return (
    <group>
      <group ref={group}>{rig && <primitive object={rig.group} />}</group>
      <mesh ref={marker} geometry={markerGeometry()}>
        <meshBasicMaterial color={color} transparent opacity={0.75} depthWrite={false} />
      </mesh>
    </group>
  );
}
