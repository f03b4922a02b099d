import { useFrame } from '@react-three/fiber';
import { TOOLS } from '@scrubin/protocol';
import { XRSpace, useXRInputSourceStateContext } from '@react-three/xr';
import { useEffect, useMemo, useRef } from 'react';
import { Quaternion, Vector3, type Object3D } from 'three';
import { requestPuncture, requestTie } from '../scene/local-instrument.js';
import { GRASPING_TOOLS } from '../scene/pose.js';
import { ControllerBody } from './ControllerBody.js';
import { instrumentPoseFromGrip } from './grip-pose.js';
import { useVrRig } from './vr-rig.js';
import { xrTestHook } from './xr-test-hook.js';

/**
 * The dominant (right) controller holds the instrument: its grip pose drives the tip, the
 * trigger switches a blade or the cautery on (with the needle driver, a press passes the needle),
 * the grip button closes jaws (forceps, needle driver, retractor), A and B pick the next or
 * previous instrument, and pressing the thumbstick ties the latest bite.
 */
export function InstrumentController() {
  const rig = useVrRig();
  const state = useXRInputSourceStateContext('controller');
  const grip = useRef<Object3D>(null);
  const scratch = useMemo(
    () => ({
      position: new Vector3(),
      rotation: new Quaternion(),
      scale: new Vector3(),
      gripPosition: new Float64Array(3),
      gripRotation: new Float64Array(4),
      trigger: false,
      next: false,
      previous: false,
      tie: false,
    }),
    [],
  );

  useEffect(() => {
    const local = rig.local;
    return () => {
      local.tracked = false;
      local.active = false;
    };
  }, [rig]);

  useFrame(() => {
    const local = rig.local;
    const g = grip.current;
    const hook = xrTestHook();
    if (!g?.visible) {
      local.tracked = false;
      local.active = false;
      if (hook) hook.instrument.tracked = false;
      return;
    }
    const s = scratch;
    g.updateWorldMatrix(true, false);
    g.matrixWorld.decompose(s.position, s.rotation, s.scale);
    s.position.toArray(s.gripPosition);
    s.rotation.toArray(s.gripRotation);
    instrumentPoseFromGrip(s.gripPosition, s.gripRotation, local.position, local.rotation);
    local.tracked = true;

    const pad = state.gamepad;
    const trigger = pad['xr-standard-trigger']?.state === 'pressed';
    const squeeze = pad['xr-standard-squeeze']?.state === 'pressed';
    const tool = local.tool;
    const grasps = tool !== null && GRASPING_TOOLS.has(tool);
    local.active = local.canUse && tool !== null && (grasps ? squeeze : trigger);
    if (trigger && !s.trigger && tool === 'needle-driver') requestPuncture(local);
    s.trigger = trigger;

    const next = pad['a-button']?.state === 'pressed';
    const previous = pad['b-button']?.state === 'pressed';
    if ((next && !s.next) || (previous && !s.previous)) {
      const at = tool === null ? -1 : TOOLS.indexOf(tool);
      const step = next && !s.next ? 1 : TOOLS.length - 1;
      if (local.canUse) rig.selectTool(TOOLS[(at + step + TOOLS.length) % TOOLS.length]!);
    }
    s.next = next;
    s.previous = previous;
    const tie = pad['xr-standard-thumbstick']?.state === 'pressed';
    if (tie && !s.tie) requestTie(local);
    s.tie = tie;

    if (hook) {
      const h = hook.instrument;
      h.tracked = true;
      h.active = local.active;
      for (let k = 0; k < 3; k++) h.tip[k] = local.position[k]!;
      for (let k = 0; k < 4; k++) h.rotation[k] = local.rotation[k]!;
    }
  });

  return (
    <XRSpace space="grip-space" ref={grip}>
      <ControllerBody color={rig.color} />
    </XRSpace>
  );
}
