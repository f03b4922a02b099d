import { useFrame } from '@react-three/fiber';
import { XR, XROrigin, useXR, type XRStore } from '@react-three/xr';
import { useEffect, useMemo, useRef } from 'react';
import type { Group } from 'three';
import type { LocalInstrument } from '../scene/local-instrument.js';
import { ORIGIN_POSITION, ORIGIN_YAW_RAD } from './stance.js';
import { VrPanels, type VrPanelsProps } from './VrPanels.js';
import { VrRigContext, type VrRig } from './vr-rig.js';
import { xrTestHook } from './xr-test-hook.js';

/** Props of the {@link VrLayer}: its store, the instrument, the user's colour and the panels. */
export interface VrLayerProps extends VrPanelsProps {
  store: XRStore;
  local: LocalInstrument;
  color: string;
}

/** Keeps the test hook's view of the session and the origin current (VR emulation only). */
function TestHookSync(props: { origin: React.RefObject<Group | null> }) {
  const presenting = useXR((state) => state.mode === 'immersive-vr');
  useEffect(() => {
    const hook = xrTestHook();
    if (hook) hook.presenting = presenting;
  }, [presenting]);
  useFrame(() => {
    const hook = xrTestHook();
    const origin = props.origin.current;
    if (!hook || !origin) return;
    if (hook.presenting) hook.frames += 1;
    origin.position.toArray(hook.origin.position);
    origin.quaternion.toArray(hook.origin.rotation);
  });
  return null;
}

/**
 * Everything VR adds inside the scene's Canvas (the scene itself is shared with the desktop): the
 * XR session, where the user stands, the controllers holding and pointing, the in-world panels
 * while a session runs.
 */
export function VrLayer(props: VrLayerProps) {
  const { store, local, color, onSelectTool, ...panels } = props;
  const origin = useRef<Group>(null);
  // The voice changes with every snapshot; the controllers read the latest through a ref.
  const voice = useRef(panels.voice);
  useEffect(() => {
    voice.current = panels.voice;
  }, [panels.voice]);
  const rig = useMemo<VrRig>(
    () => ({
      local,
      color,
      selectTool: onSelectTool,
      talk: (holding) => voice.current.joined?.session.setHolding(holding),
    }),
    [local, color, onSelectTool],
  );
  return (
    <VrRigContext.Provider value={rig}>
      <XR store={store}>
        <XROrigin ref={origin} position={ORIGIN_POSITION} rotation-y={ORIGIN_YAW_RAD} />
        <InSession>
          <VrPanels {...panels} onSelectTool={onSelectTool} />
        </InSession>
        <TestHookSync origin={origin} />
      </XR>
    </VrRigContext.Provider>
  );
}

/** Renders its children only during an immersive VR session. */
function InSession(props: { children: React.ReactNode }) {
  const presenting = useXR((state) => state.mode === 'immersive-vr');
  return presenting ? props.children : null;
}
