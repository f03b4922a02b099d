import { useEffect, useMemo } from 'react';
import {
  CylinderGeometry,
  Euler,
  InstancedMesh,
  Matrix4,
  MeshStandardMaterial,
  Vector3,
} from 'three';

/** Height of the table top below the tissue surface, metres. */
export const TABLE_TOP_Y = -0.22;
/** Floor height, metres. */
export const FLOOR_Y = -1.05;

/** Two overhead surgical lamps: where they hang and where they point. */
const LAMPS: { position: [number, number, number]; tilt: [number, number, number] }[] = [
  { position: [-0.42, 0.95, -0.25], tilt: [0.35, 0, 0.4] },
  { position: [0.45, 1.0, 0.2], tilt: [-0.25, 0, -0.45] },
];
const BULBS_PER_LAMP = 7;

/** The lamps' bulbs: one instanced mesh for all of them. */
function LampBulbs() {
  const mesh = useMemo(() => {
    const geometry = new CylinderGeometry(0.045, 0.045, 0.01, 20);
    const material = new MeshStandardMaterial({
      color: '#fffdf4',
      emissive: '#fff6da',
      emissiveIntensity: 1.6,
    });
    const bulbs = new InstancedMesh(geometry, material, LAMPS.length * BULBS_PER_LAMP);
    const matrix = new Matrix4();
    const rotation = new Matrix4();
    const offset = new Vector3();
    const euler = new Euler();
    let k = 0;
    for (const lamp of LAMPS) {
      rotation.makeRotationFromEuler(euler.set(lamp.tilt[0], lamp.tilt[1], lamp.tilt[2]));
      for (let b = 0; b < BULBS_PER_LAMP; b++) {
        const angle = (b / (BULBS_PER_LAMP - 1)) * Math.PI * 2;
        const r = b === BULBS_PER_LAMP - 1 ? 0 : 0.14;
        offset.set(Math.cos(angle) * r, -0.036, Math.sin(angle) * r).applyMatrix4(rotation);
        matrix
          .copy(rotation)
          .setPosition(
            lamp.position[0] + offset.x,
            lamp.position[1] + offset.y,
            lamp.position[2] + offset.z,
          );
        bulbs.setMatrixAt(k++, matrix);
      }
    }
    return bulbs;
  }, []);
  useEffect(
    () => () => {
      mesh.geometry.dispose();
      (mesh.material as MeshStandardMaterial).dispose();
      mesh.dispose();
    },
    [mesh],
  );
  return <primitive object={mesh} />;
}

/** The operating room: floor, walls, table with its column, lamps, an instrument stand. */
export function Room() {
  return (
    <group>
      <mesh rotation-x={-Math.PI / 2} position-y={FLOOR_Y}>
        <planeGeometry args={[8, 8]} />
        <meshBasicMaterial color="#6f8487" />
      </mesh>
      {(
        [
          [0, -3, 0],
          [0, 3, Math.PI],
          [-3, 0, Math.PI / 2],
          [3, 0, -Math.PI / 2],
        ] as const
      ).map(([x, z, ry]) => (
        <mesh key={`${x},${z}`} position={[x, FLOOR_Y + 1.5, z]} rotation-y={ry}>
          <planeGeometry args={[6, 3]} />
          <meshBasicMaterial color="#b9cfcc" />
        </mesh>
      ))}
      {/* Table: column, top and mattress. */}
      <mesh position={[0, (FLOOR_Y + TABLE_TOP_Y - 0.06) / 2, 0.1]}>
        <cylinderGeometry args={[0.12, 0.16, TABLE_TOP_Y - 0.06 - FLOOR_Y, 24]} />
        <meshStandardMaterial color="#5d6770" metalness={0.6} roughness={0.4} />
      </mesh>
      <mesh position={[0, TABLE_TOP_Y - 0.04, 0.1]}>
        <boxGeometry args={[0.58, 0.06, 2.0]} />
        <meshStandardMaterial color="#3f4a53" metalness={0.4} roughness={0.5} />
      </mesh>
      {/* Instrument stand with its tray. */}
      <mesh position={[0.62, (FLOOR_Y - 0.12) / 2, -0.3]}>
        <cylinderGeometry args={[0.015, 0.015, -0.12 - FLOOR_Y, 12]} />
        <meshStandardMaterial color="#aab3ba" metalness={0.8} roughness={0.3} />
      </mesh>
      <mesh position={[0.62, -0.11, -0.3]}>
        <boxGeometry args={[0.42, 0.02, 0.3]} />
        <meshStandardMaterial color="#c5ccd2" metalness={0.85} roughness={0.25} />
      </mesh>
      {/* Lamp arms and housings. */}
      {LAMPS.map((lamp, k) => (
        <group key={k}>
          <mesh position={[lamp.position[0], (lamp.position[1] + 2.2) / 2, lamp.position[2]]}>
            <cylinderGeometry args={[0.015, 0.015, 2.2 - lamp.position[1], 8]} />
            <meshStandardMaterial color="#d7dde2" metalness={0.5} roughness={0.4} />
          </mesh>
          <mesh position={lamp.position} rotation={lamp.tilt}>
            <cylinderGeometry args={[0.24, 0.27, 0.06, 32]} />
            <meshStandardMaterial color="#e9eef1" metalness={0.3} roughness={0.4} />
          </mesh>
        </group>
      ))}
      <LampBulbs />
    </group>
  );
}
