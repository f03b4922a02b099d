import type { ThreeEvent } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Vector3, type Mesh } from 'three';
import type { PanelLine } from './panel-content.js';
import { PanelTexture } from './panel-texture.js';
import { xrTestHook } from './xr-test-hook.js';

/** Reports what an in-world panel or button shows to the test hook (VR emulation only). */
function usePanelText(testId: string | undefined, texts: string | readonly string[]): void {
  const signature = JSON.stringify(texts);
  useEffect(() => {
    const hook = xrTestHook();
    if (!hook || !testId) return;
    const parsed = JSON.parse(signature) as string | string[];
    hook.panels[testId] = Array.isArray(parsed) ? parsed : [parsed];
    return () => {
      delete hook.panels[testId];
    };
  }, [testId, signature]);
}

/** A flat in-world card of text lines, redrawn only when the lines change. */
export function VrPanel(props: {
  lines: readonly PanelLine[];
  widthM: number;
  heightM: number;
  position?: [number, number, number];
  /** When rows do not fit, the oldest go (after a leading title) instead of the last. */
  newestLast?: boolean;
  /** Names the panel's text in the test hook (VR emulation). */
  testId?: string;
}) {
  const { lines, widthM, heightM, position, newestLast, testId } = props;
  const panel = useMemo(() => new PanelTexture(widthM, heightM), [widthM, heightM]);
  useEffect(() => () => panel.dispose(), [panel]);
  const signature = JSON.stringify(lines);
  useEffect(
    () => panel.drawLines(JSON.parse(signature) as PanelLine[], { newestLast }),
    [panel, signature, newestLast],
  );
  usePanelText(
    testId,
    lines.map((line) => line.text),
  );
  return (
    <mesh position={position}>
      <planeGeometry args={[widthM, heightM]} />
      <meshBasicMaterial map={panel.texture} transparent toneMapped={false} />
    </mesh>
  );
}

/**
 * A button you point at with the controller's ray and press (trigger down and up on it). Its world
 * position is reported to the test hook under `testId` in VR emulation.
 */
export function VrButton(props: {
  label: string;
  testId: string;
  onPress: () => void;
  enabled?: boolean;
  selected?: boolean;
  widthM: number;
  heightM: number;
  position: [number, number, number];
}) {
  const { label, testId, onPress, widthM, heightM, position } = props;
  const enabled = props.enabled ?? true;
  const selected = props.selected ?? false;
  const [hovered, setHovered] = useState(false);
  const mesh = useRef<Mesh>(null);
  const pressed = useRef(false);
  const panel = useMemo(() => new PanelTexture(widthM, heightM), [widthM, heightM]);
  useEffect(() => () => panel.dispose(), [panel]);
  useEffect(
    () => panel.drawButton(label, { enabled, selected, hovered }),
    [panel, label, enabled, selected, hovered],
  );
  usePanelText(testId, label);
  useEffect(() => {
    const hook = xrTestHook();
    const m = mesh.current;
    if (!hook || !m) return;
    m.updateWorldMatrix(true, false);
    const at = m.getWorldPosition(new Vector3());
    hook.targets[testId] = [at.x, at.y, at.z];
    return () => {
      delete hook.targets[testId];
    };
  }, [testId, position]);
  const stop = (event: ThreeEvent<PointerEvent | MouseEvent>) => event.stopPropagation();
  return (
    <mesh
      ref={mesh}
      position={position}
      name={testId}
      // Pressed and released on the button, however slowly (a click must be under 300 ms).
      onPointerDown={(event) => {
        stop(event);
        pressed.current = true;
      }}
      onPointerUp={(event) => {
        stop(event);
        if (pressed.current && enabled) onPress();
        pressed.current = false;
      }}
      onPointerOver={(event) => {
        stop(event);
        setHovered(true);
        const hook = xrTestHook();
        if (hook) hook.hovered = testId;
      }}
      onPointerOut={() => {
        pressed.current = false;
        setHovered(false);
        const hook = xrTestHook();
        if (hook?.hovered === testId) hook.hovered = null;
      }}
    >
      <planeGeometry args={[widthM, heightM]} />
      <meshBasicMaterial map={panel.texture} transparent toneMapped={false} />
    </mesh>
  );
}
