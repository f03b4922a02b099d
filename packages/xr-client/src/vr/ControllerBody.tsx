import { CylinderGeometry, MeshStandardMaterial, TorusGeometry } from 'three';

let shared:
  { handle: CylinderGeometry; ring: TorusGeometry; material: MeshStandardMaterial } | undefined;

/** Geometries and material shared by both controllers (never disposed: a handful of bytes). */
function parts() {
  shared ??= {
    // Along the grip's −z: the handle in the fist, the tracking ring over the thumb.
    handle: new CylinderGeometry(0.016, 0.02, 0.1, 16).rotateX(Math.PI / 2).translate(0, 0, 0.01),
    ring: new TorusGeometry(0.04, 0.006, 8, 32).translate(0, 0.03, -0.05),
    material: new MeshStandardMaterial({ color: '#2b3138', metalness: 0.2, roughness: 0.6 }),
  };
  return shared;
}

/**
 * A plain controller drawn in grip space (no downloaded model): a handle and a ring, with an
 * accent in the user's colour.
 */
export function ControllerBody(props: { color: string }) {
  const p = parts();
  return (
    <group>
      <mesh geometry={p.handle} material={p.material} />
      <mesh geometry={p.ring}>
        <meshStandardMaterial color={props.color} metalness={0.1} roughness={0.5} />
      </mesh>
    </group>
  );
}
