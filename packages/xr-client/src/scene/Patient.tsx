import type { ScenarioDefinition } from '@scrubin/sim';
import { useEffect, useMemo } from 'react';
import { LineCurve3, TubeGeometry, Vector3 } from 'three';
import { TABLE_TOP_Y } from './Room.js';
import { clothTextureFor } from './cloth-texture.js';
import type { ScenarioLook } from './scenario-look.js';

const DRAPE_COLOR = '#3a8f88';
/** Drapes hanging down the table's sides, in shade. */
const DRAPE_FOLD_COLOR = '#2a6a65';
/** Top of the drapes: a hair below the tissue's fixed rim, metres. */
const DRAPE_TOP_Y = -0.0004;
const DRAPE_THICKNESS_M = 0.003;
/** The drape's adhesive border. */
const TAPE = '#dfe9ee';

/** A box given by its extent in x and z, from `y0` to `y1`. */
function Slab(props: {
  x: [number, number];
  z: [number, number];
  y: [number, number];
  color: string;
  /** Shiny (steel): a standard material; otherwise a cheaper matte one. */
  shiny?: boolean;
  /** Unlit: for large cloth surfaces, cheap to fill on any GPU. */
  unlit?: boolean;
  /** Unlit without the weave (tape). */
  flat?: boolean;
}) {
  const { x, z, y, color, unlit } = props;
  const [sx, sy, sz] = [x[1] - x[0], y[1] - y[0], z[1] - z[0]];
  const map = useMemo(() => {
    if (!unlit) return null;
    // Tile by the two largest sides, so the weave keeps its size on every piece.
    const [a, b] = [sx, sy, sz].sort((p, q) => q - p);
    return clothTextureFor(a!, b!);
  }, [unlit, sx, sy, sz]);
  useEffect(() => () => map?.dispose(), [map]);
  return (
    <mesh position={[(x[0] + x[1]) / 2, (y[0] + y[1]) / 2, (z[0] + z[1]) / 2]}>
      <boxGeometry args={[x[1] - x[0], y[1] - y[0], z[1] - z[0]]} />
      {props.shiny ? (
        <meshStandardMaterial color={color} roughness={0.3} metalness={0.5} />
      ) : map ? (
        <meshBasicMaterial color={color} map={map} />
      ) : props.flat ? (
        <meshBasicMaterial color={color} />
      ) : (
        <meshLambertMaterial color={color} />
      )}
    </mesh>
  );
}

/** Drapes over the patient, with a window the size of the tissue pad. */
function Drapes(props: { halfM: number }) {
  const h = props.halfM;
  const y: [number, number] = [DRAPE_TOP_Y - DRAPE_THICKNESS_M, DRAPE_TOP_Y];
  const hang: [number, number] = [TABLE_TOP_Y - 0.3, DRAPE_TOP_Y];
  const border: [number, number] = [y[0], 0.0004];
  return (
    <group>
      <Slab x={[-0.4, -h]} z={[-0.45, 0.95]} y={y} color={DRAPE_COLOR} unlit />
      <Slab x={[h, 0.4]} z={[-0.45, 0.95]} y={y} color={DRAPE_COLOR} unlit />
      <Slab x={[-h, h]} z={[h, 0.95]} y={y} color={DRAPE_COLOR} unlit />
      <Slab x={[-h, h]} z={[-0.45, -h]} y={y} color={DRAPE_COLOR} unlit />
      <Slab x={[-0.403, -0.4]} z={[-0.45, 0.95]} y={hang} color={DRAPE_FOLD_COLOR} unlit />
      <Slab x={[0.4, 0.403]} z={[-0.45, 0.95]} y={hang} color={DRAPE_FOLD_COLOR} unlit />
      {/* The adhesive border of the drape's window, lapping a millimetre over the pad's rim. */}
      <Slab x={[-h - 0.004, -h + 0.001]} z={[-h - 0.004, h + 0.004]} y={border} color={TAPE} flat />
      <Slab x={[h - 0.001, h + 0.004]} z={[-h - 0.004, h + 0.004]} y={border} color={TAPE} flat />
      <Slab x={[-h, h]} z={[h - 0.001, h + 0.004]} y={border} color={TAPE} flat />
      <Slab x={[-h, h]} z={[-h - 0.004, -h + 0.001]} y={border} color={TAPE} flat />
      {/* The anaesthesia screen at the head end: a drape over a bar. */}
      <Slab
        x={[-0.42, 0.42]}
        z={[-0.455, -0.45]}
        y={[hang[0], 0.32]}
        color={DRAPE_FOLD_COLOR}
        unlit
      />
      <mesh position={[0, 0.32, -0.452]} rotation-z={Math.PI / 2}>
        <cylinderGeometry args={[0.008, 0.008, 0.9, 10]} />
        <meshStandardMaterial color="#c7ccd3" metalness={0.5} roughness={0.3} />
      </mesh>
    </group>
  );
}

/** The sides of the tissue pad, open at the top so the tissue shows. */
function PadSides(props: { halfM: number; depthM: number; color: string }) {
  const { halfM, depthM, color } = props;
  return (
    <mesh position-y={-depthM / 2}>
      <cylinderGeometry
        args={[halfM * Math.SQRT2, halfM * Math.SQRT2, depthM, 4, 1, true, Math.PI / 4]}
      />
      <meshStandardMaterial color={color} roughness={0.7} />
    </mesh>
  );
}

/** An open chest around the heart's surface: chest wall edges and a sternal retractor. */
function OpenChest(props: { halfM: number }) {
  const h = props.halfM;
  const rim = 0.03;
  const wall = '#c98c74';
  const steel = { color: '#c7ccd3', shiny: true };
  return (
    <group>
      <Slab x={[-h - rim, -h]} z={[-h - rim, h + rim]} y={[-0.004, 0.012]} color={wall} />
      <Slab x={[h, h + rim]} z={[-h - rim, h + rim]} y={[-0.004, 0.012]} color={wall} />
      <Slab x={[-h, h]} z={[h, h + rim]} y={[-0.004, 0.01]} color={wall} />
      <Slab x={[-h, h]} z={[-h - rim, -h]} y={[-0.004, 0.01]} color={wall} />
      {/* Retractor blades hooked over the wound edges, and the rack across. */}
      <Slab x={[-h - 0.004, -h]} z={[-0.035, 0.035]} y={[-0.004, 0.024]} {...steel} />
      <Slab x={[h, h + 0.004]} z={[-0.035, 0.035]} y={[-0.004, 0.024]} {...steel} />
      <Slab
        x={[-h - 0.05, h + 0.05]}
        z={[-h - rim - 0.012, -h - rim]}
        y={[0.018, 0.026]}
        {...steel}
      />
    </group>
  );
}

/**
 * A vessel under the surface along a forbidden-zone capsule: drawn solid where it shows (the
 * wound bed) and faintly through the tissue, so its course can be seen before cutting.
 */
function Vessel(props: {
  a: readonly [number, number, number];
  b: readonly [number, number, number];
  radiusM: number;
}) {
  const { a, b, radiusM } = props;
  const geometry = useMemo(
    () =>
      new TubeGeometry(
        new LineCurve3(new Vector3(a[0], a[1], a[2]), new Vector3(b[0], b[1], b[2])),
        24,
        radiusM,
        12,
        false,
      ),
    [a, b, radiusM],
  );
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <group>
      <mesh geometry={geometry}>
        <meshStandardMaterial color="#c0141c" roughness={0.35} />
      </mesh>
      <mesh geometry={geometry} renderOrder={2}>
        <meshBasicMaterial color="#ff2a36" transparent opacity={0.45} depthTest={false} />
      </mesh>
    </group>
  );
}

/** The patient region of a scenario around the simulated tissue. */
export function Patient(props: {
  scenario: ScenarioDefinition;
  look: ScenarioLook;
  halfM: number;
}) {
  const { scenario, look, halfM } = props;
  const depthM = scenario.skinThicknessM + scenario.deepThicknessM;
  const cardiac = scenario.id === 'cardiac-surgery';
  return (
    <group>
      <Drapes halfM={cardiac ? halfM + 0.03 : halfM} />
      <PadSides halfM={halfM} depthM={depthM} color={look.padSide} />
      {cardiac && <OpenChest halfM={halfM} />}
      {scenario.forbiddenZones.map((zone) => (
        <Vessel key={zone.name} a={zone.a} b={zone.b} radiusM={zone.radiusM} />
      ))}
    </group>
  );
}
