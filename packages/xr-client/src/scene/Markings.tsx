import { useFrame } from '@react-three/fiber';
import type { ScenarioDefinition } from '@scrubin/sim';
import { useEffect, useMemo, useRef } from 'react';
import {
  BufferAttribute,
  BufferGeometry,
  CircleGeometry,
  DoubleSide,
  DynamicDrawUsage,
  InstancedMesh,
  Matrix4,
  MeshBasicMaterial,
  Quaternion,
  Vector3,
} from 'three';
import { embed, placeEmbedded } from './grid-geometry.js';
import { dashedRibbon, sutureTargets } from './marking-geometry.js';
import type { TissueView } from './tissue-view.js';

/** Height of skin ink above the surface, metres (keeps it out of the surface's depth). */
const INK_LIFT_M = 0.00012;

/** The marked incision line, drawn on the skin: a dashed ribbon that moves with the tissue. */
function IncisionLine(props: {
  view: TissueView;
  from: readonly [number, number];
  to: readonly [number, number];
  color: string;
}) {
  const { view, from, to, color } = props;
  const ribbon = useMemo(
    () => dashedRibbon(from, to, 0.0009, 0.003, 0.002, view),
    [from, to, view],
  );
  const geometry = useMemo(() => {
    const g = new BufferGeometry();
    const positions = new Float32Array(ribbon.embeddings.length * 3);
    g.setAttribute('position', new BufferAttribute(positions, 3).setUsage(DynamicDrawUsage));
    g.setIndex(new BufferAttribute(new Uint32Array(ribbon.quads.length * 6), 1));
    return g;
  }, [ribbon]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  const seen = useRef({ version: -1, maskVersion: -1 });

  useFrame(() => {
    const s = seen.current;
    if (s.version === view.version) return;
    s.version = view.version;
    const positions = geometry.attributes.position!.array as Float32Array;
    const { embeddings } = ribbon;
    for (let v = 0; v < embeddings.length; v++) {
      placeEmbedded(embeddings[v]!, view.surfacePositions, positions, v * 3, INK_LIFT_M);
    }
    geometry.attributes.position!.needsUpdate = true;
    if (s.maskVersion !== view.maskVersion) {
      s.maskVersion = view.maskVersion;
      // Ink on skin that was cut away goes with it.
      const index = geometry.index!.array as Uint32Array;
      let k = 0;
      for (const quad of ribbon.quads) {
        if (view.mask[embeddings[quad[0]!]!.triangle] === 0) continue;
        if (view.mask[embeddings[quad[4]!]!.triangle] === 0) continue;
        for (let q = 0; q < 6; q++) index[k++] = quad[q]!;
      }
      geometry.index!.needsUpdate = true;
      geometry.setDrawRange(0, k);
    }
  });

  return (
    <mesh geometry={geometry} frustumCulled={false} renderOrder={1}>
      <meshBasicMaterial
        color={color}
        side={DoubleSide}
        polygonOffset
        polygonOffsetFactor={-2}
        polygonOffsetUnits={-2}
      />
    </mesh>
  );
}

/** Suture targets: ink dots where each bite should enter and leave, moving with the tissue. */
function SutureTargets(props: {
  view: TissueView;
  points: readonly (readonly [number, number])[];
  color: string;
}) {
  const { view, points, color } = props;
  const embeddings = useMemo(
    () => points.map(([x, z]) => embed(x, z, view.n, view.spacingM, view.triangles)),
    [points, view],
  );
  const mesh = useMemo(() => {
    const geometry = new CircleGeometry(0.0011, 16);
    geometry.rotateX(-Math.PI / 2);
    const material = new MeshBasicMaterial({
      color,
      side: DoubleSide,
      polygonOffset: true,
      polygonOffsetFactor: -2,
      polygonOffsetUnits: -2,
    });
    const instanced = new InstancedMesh(geometry, material, embeddings.length);
    instanced.frustumCulled = false;
    instanced.renderOrder = 1;
    return instanced;
  }, [embeddings.length, color]);
  useEffect(
    () => () => {
      mesh.geometry.dispose();
      (mesh.material as MeshBasicMaterial).dispose();
      mesh.dispose();
    },
    [mesh],
  );
  const scratch = useMemo(
    () => ({
      at: new Float32Array(3),
      matrix: new Matrix4(),
      position: new Vector3(),
      rotation: new Quaternion(),
      scale: new Vector3(1, 1, 1),
      version: -1,
    }),
    [],
  );

  useFrame(() => {
    if (scratch.version === view.version) return;
    scratch.version = view.version;
    for (let k = 0; k < embeddings.length; k++) {
      placeEmbedded(embeddings[k]!, view.surfacePositions, scratch.at, 0, INK_LIFT_M);
      scratch.position.set(scratch.at[0]!, scratch.at[1]!, scratch.at[2]!);
      scratch.matrix.compose(scratch.position, scratch.rotation, scratch.scale);
      mesh.setMatrixAt(k, scratch.matrix);
    }
    mesh.instanceMatrix.needsUpdate = true;
  });

  return <primitive object={mesh} />;
}

/** What the scenario marks on the skin: the planned incision, or the suture targets. */
export function Markings(props: { view: TissueView; scenario: ScenarioDefinition; color: string }) {
  const { view, scenario, color } = props;
  const targets = useMemo(
    () =>
      scenario.laceration && scenario.sutures
        ? sutureTargets(scenario.laceration, scenario.sutures)
        : [],
    [scenario],
  );
  return (
    <group>
      {scenario.plannedIncision && (
        <IncisionLine
          view={view}
          from={scenario.plannedIncision.from}
          to={scenario.plannedIncision.to}
          color={color}
        />
      )}
      {targets.length > 0 && <SutureTargets view={view} points={targets} color={color} />}
    </group>
  );
}
