import type { Tool } from '@scrubin/protocol';
import {
  BoxGeometry,
  type BufferGeometry,
  CylinderGeometry,
  Group,
  type Material,
  Mesh,
  MeshStandardMaterial,
  TorusGeometry,
} from 'three';

/**
 * Instruments built from three primitives (no assets). Frame of every model: the tip at the
 * origin, the blade's edge (or the jaws) along local +x, the body rising behind it toward −x.
 * Geometries and the steel material are shared by every instrument on the page; each rig owns
 * only its handle material, in its user's colour.
 */

/** Tilt of the body above the surface, radians. */
const BODY_TILT = -0.8;

let shared:
  | {
      steel: MeshStandardMaterial;
      blade: BoxGeometry;
      scalpelHandle: BoxGeometry;
      prong: BoxGeometry;
      grip: BoxGeometry;
      ring: TorusGeometry;
      needle: TorusGeometry;
      scissorBlade: BoxGeometry;
      shank: BoxGeometry;
      pencil: CylinderGeometry;
      electrode: CylinderGeometry;
      button: BoxGeometry;
      retractorHandle: CylinderGeometry;
      retractorBlade: BoxGeometry;
      marker: CylinderGeometry;
    }
  | undefined;

function parts() {
  shared ??= {
    steel: new MeshStandardMaterial({ color: '#dfe4ea', metalness: 0.45, roughness: 0.3 }),
    blade: new BoxGeometry(0.022, 0.006, 0.0005).translate(-0.011, 0.003, 0),
    scalpelHandle: new BoxGeometry(0.11, 0.006, 0.002).translate(-0.077, 0.003, 0),
    prong: new BoxGeometry(0.11, 0.003, 0.0012).translate(0.055, 0.0015, 0),
    grip: new BoxGeometry(0.03, 0.0042, 0.0018).translate(0.035, 0.0021, 0),
    ring: new TorusGeometry(0.008, 0.0016, 6, 18),
    needle: new TorusGeometry(0.006, 0.00035, 4, 16, Math.PI),
    scissorBlade: new BoxGeometry(0.03, 0.004, 0.0008).translate(0.015, 0.002, 0),
    shank: new BoxGeometry(0.07, 0.003, 0.002).translate(-0.035, 0.0015, 0),
    pencil: new CylinderGeometry(0.005, 0.0055, 0.12, 16)
      .rotateZ(Math.PI / 2)
      .translate(-0.075, 0, 0),
    electrode: new CylinderGeometry(0.0006, 0.0009, 0.016, 8)
      .rotateZ(Math.PI / 2)
      .translate(-0.008, 0, 0),
    button: new BoxGeometry(0.012, 0.003, 0.004).translate(-0.04, 0.0055, 0),
    retractorHandle: new CylinderGeometry(0.0045, 0.0045, 0.12, 12)
      .rotateZ(Math.PI / 2)
      .translate(-0.075, 0.012, 0),
    retractorBlade: new BoxGeometry(0.004, 0.02, 0.02).translate(0, 0.008, 0),
    marker: new CylinderGeometry(0.0012, 0.0012, 0.0008, 16),
  };
  return shared;
}

/** One instrument in the scene, with its moving parts. */
export interface InstrumentRig {
  readonly tool: Tool;
  /** Place this group at the tip pose. */
  readonly group: Group;
  /** Opens (1) or closes (0) jaws or blades; switches the cautery tip's glow. */
  setJaw(jaw: number): void;
  /** Frees the rig's own material (shared geometry stays). */
  dispose(): void;
}

function mesh(geometry: BufferGeometry, material: Material, castShadow = true): Mesh {
  const m = new Mesh(geometry, material);
  m.castShadow = castShadow;
  return m;
}

/** Two prongs hinged at `hingeX` (forceps, needle driver): returns the hinges to swing. */
function hingedPair(body: Group, hingeX: number, build: (side: 1 | -1) => Mesh[]): [Group, Group] {
  const hinges = ([1, -1] as const).map((side) => {
    const hinge = new Group();
    hinge.position.x = hingeX;
    for (const m of build(side)) hinge.add(m);
    body.add(hinge);
    return hinge;
  });
  return [hinges[0]!, hinges[1]!];
}

/** Builds the instrument `tool` with its handle in `color`. */
export function buildInstrument(tool: Tool, color: string): InstrumentRig {
  const p = parts();
  const handle = new MeshStandardMaterial({ color, metalness: 0.15, roughness: 0.55 });
  const group = new Group();
  const body = new Group();
  body.rotation.z = BODY_TILT;
  group.add(body);
  let setJaw: (jaw: number) => void = () => undefined;
  let glow: MeshStandardMaterial | undefined;

  switch (tool) {
    case 'scalpel':
      body.add(mesh(p.blade, p.steel), mesh(p.scalpelHandle, handle));
      break;
    case 'forceps': {
      const [a, b] = hingedPair(body, -0.11, () => [mesh(p.prong, p.steel), mesh(p.grip, handle)]);
      setJaw = (jaw) => {
        const angle = (0.0008 + jaw * 0.004) / 0.11;
        a.rotation.y = angle;
        b.rotation.y = -angle;
      };
      break;
    }
    case 'needle-driver': {
      const [a, b] = hingedPair(body, -0.1, (side) => {
        const ring = mesh(p.ring, handle);
        ring.position.set(-0.006, 0, side * 0.012);
        ring.rotation.x = Math.PI / 2;
        const prong = mesh(p.prong, p.steel);
        prong.scale.set(0.91, 1.2, 1.4);
        return [prong, ring];
      });
      const needle = mesh(p.needle, p.steel);
      needle.rotation.set(0, Math.PI / 2, Math.PI);
      needle.position.set(0, 0.001, 0);
      body.add(needle);
      setJaw = (jaw) => {
        const angle = (0.0004 + jaw * 0.0025) / 0.1;
        a.rotation.y = angle;
        b.rotation.y = -angle;
      };
      break;
    }
    case 'scissors': {
      const [a, b] = hingedPair(body, -0.03, (side) => {
        const ring = mesh(p.ring, handle);
        ring.position.set(-0.078, 0, side * 0.01);
        ring.rotation.x = Math.PI / 2;
        return [mesh(p.scissorBlade, p.steel), mesh(p.shank, p.steel), ring];
      });
      setJaw = (jaw) => {
        const angle = 0.02 + jaw * 0.22;
        a.rotation.y = angle;
        b.rotation.y = -angle;
      };
      break;
    }
    case 'cautery': {
      glow = new MeshStandardMaterial({ color: '#dfe4ea', metalness: 0.45, roughness: 0.3 });
      body.add(mesh(p.pencil, handle), mesh(p.electrode, glow), mesh(p.button, p.steel));
      const material = glow;
      setJaw = (jaw) => {
        material.emissive.set(jaw < 0.5 ? '#ff7a1a' : '#000000');
        material.emissiveIntensity = jaw < 0.5 ? 2 : 0;
      };
      break;
    }
    case 'retractor': {
      const blade = mesh(p.retractorBlade, p.steel);
      blade.rotation.z = -BODY_TILT;
      body.add(mesh(p.retractorHandle, handle), blade);
      break;
    }
  }
  setJaw(1);
  return {
    tool,
    group,
    setJaw,
    dispose: () => {
      handle.dispose();
      glow?.dispose();
    },
  };
}

/** The flat marker drawn on the surface under an instrument's tip. */
export function markerGeometry(): CylinderGeometry {
  return parts().marker;
}
