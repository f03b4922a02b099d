import { useFrame, useThree } from '@react-three/fiber';
import type { PresenceEntry } from '@scrubin/protocol';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Group, Mesh, Sprite } from 'three';
import { useInstrumentRig } from './InstrumentView.js';
import { markerGeometry } from './instrument-models.js';
import { LABEL_HEIGHT_M, LABEL_WIDTH_M, labelTexture } from './label-texture.js';
import { MARKER_Y } from './LocalInstrumentView.js';
import type { RemoteCursor, RemoteCursorStore } from './remote-cursors.js';
import { userColor } from './user-color.js';

/** Height of a name tag above the instrument's tip, metres. */
const LABEL_RISE_M = 0.05;

/** One other participant: their instrument (if any), pointer marker and name tag. */
function RemoteInstrument(props: {
  cursor: RemoteCursor;
  name: string;
  role: string;
  tool: RemoteCursor['tool'];
}) {
  const { cursor, name, role, tool } = props;
  const color = useMemo(() => userColor(cursor.userId), [cursor.userId]);
  const rig = useInstrumentRig(tool, color);
  const texture = useMemo(() => labelTexture(name, role, color), [name, role, color]);
  useEffect(() => () => texture.dispose(), [texture]);
  const group = useRef<Group>(null);
  const marker = useRef<Mesh>(null);
  const label = useRef<Sprite>(null);

  useFrame(() => {
    const g = group.current;
    const m = marker.current;
    const l = label.current;
    if (!g || !m || !l) return;
    const visible = cursor.seen;
    g.visible = visible;
    m.visible = visible;
    l.visible = visible;
    if (!visible) return;
    const c = cursor.current;
    g.position.set(c[0]!, c[1]!, c[2]!);
    g.quaternion.set(c[3]!, c[4]!, c[5]!, c[6]!);
    m.position.set(c[0]!, MARKER_Y, c[2]!);
    l.position.set(c[0]!, Math.max(c[1]!, 0) + LABEL_RISE_M, c[2]!);
    rig?.setJaw(cursor.active ? 0 : 1);
  });

  return (
    <group>
      <group ref={group}>{rig && <primitive object={rig.group} />}</group>
      <mesh ref={marker} geometry={markerGeometry()}>
        <meshBasicMaterial color={color} transparent opacity={0.85} depthWrite={false} />
      </mesh>
      <sprite ref={label} scale={[LABEL_WIDTH_M, LABEL_HEIGHT_M, 1]} renderOrder={3}>
        <spriteMaterial map={texture} depthTest={false} transparent />
      </sprite>
    </group>
  );
}

/**
 * Every other participant's instrument and pointer, in their colour, with name and role,
 * interpolated between the 30 Hz cursor batches.
 */
export function RemoteInstruments(props: {
  store: RemoteCursorStore;
  participants: readonly PresenceEntry[];
}) {
  const { store, participants } = props;
  const version = useSyncExternalStore(
    (onChange) => store.subscribe(onChange),
    () => store.version,
  );
  const invalidate = useThree((state) => state.invalidate);
  useEffect(() => store.onMotion(() => invalidate()), [store, invalidate]);
  // Sample every cursor once per frame, before the instruments read them; keep drawing while
  // someone is still gliding toward their latest pose.
  useFrame(() => {
    const now = performance.now();
    store.sampleAll(now);
    if (now < store.movingUntil) invalidate();
  }, -1);
  const cursors = useMemo(() => {
    void version;
    return [...store.cursors.values()].map((cursor) => ({ cursor, tool: cursor.tool }));
  }, [store, version]);
  return (
    <group>
      {cursors.map(({ cursor, tool }) => {
        const who = participants.find((p) => p.userId === cursor.userId);
        return (
          <RemoteInstrument
            key={cursor.userId}
            cursor={cursor}
            tool={tool}
            name={who?.name ?? 'Guest'}
            role={who?.role ?? 'participant'}
          />
        );
      })}
    </group>
  );
}
