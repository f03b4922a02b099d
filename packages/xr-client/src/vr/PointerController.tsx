import { useFrame } from '@react-three/fiber';
import { DefaultXRController, XRSpace, useXRInputSourceStateContext } from '@react-three/xr';
import { useRef } from 'react';
import { ControllerBody } from './ControllerBody.js';
import { useVrRig } from './vr-rig.js';

/**
 * The other (left) controller points: a ray that clicks the in-world panels with the trigger.
 * Its grip is push-to-talk (a headset has no V key).
 */
export function PointerController() {
  const rig = useVrRig();
  const state = useXRInputSourceStateContext('controller');
  const holding = useRef(false);
  useFrame(() => {
    const down = state.gamepad['xr-standard-squeeze']?.state === 'pressed';
    if (down === holding.current) return;
    holding.current = down;
    rig.talk(down);
  });
  return (
    <>
      <XRSpace space="grip-space">
        <ControllerBody color={rig.color} />
      </XRSpace>
      <DefaultXRController model={false} grabPointer={false} teleportPointer={false} />
    </>
  );
}
