import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { DoubleSide } from 'three';
import type { ScenarioLook } from './scenario-look.js';
import type { FrameSource, TissueView } from './tissue-view.js';

/**
 * The simulated tissue: the surface mesh (cut triangles left out) and, below it in a darker red,
 * the boundary layer that shows as the wound bed when an incision gapes.
 */
export function Tissue(props: { view: TissueView; source: FrameSource; look: ScenarioLook }) {
  const { view, source, look } = props;
  const invalidate = useThree((state) => state.invalidate);
  // A new frame from the simulation: copy it in as it arrives (outside the render loop), then
  // ask for a render (the canvas renders on demand).
  useEffect(
    () =>
      source.subscribe(() => {
        if (view.pull(source)) invalidate();
      }),
    [source, view, invalidate],
  );
  // A frame that arrived before this component subscribed.
  useEffect(() => {
    if (view.pull(source)) invalidate();
  }, [source, view, invalidate]);
  return (
    <group>
      <mesh geometry={view.surface} receiveShadow frustumCulled={false}>
        <meshStandardMaterial
          color={look.surface}
          roughness={look.surfaceRoughness}
          metalness={0}
          side={DoubleSide}
        />
      </mesh>
      <mesh geometry={view.boundary} receiveShadow frustumCulled={false}>
        <meshStandardMaterial color={look.woundBed} roughness={0.45} side={DoubleSide} />
      </mesh>
    </group>
  );
}
