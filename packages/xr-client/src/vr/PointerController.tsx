import { DefaultXRController, XRSpace } from '@react-three/xr';
import { ControllerBody } from './ControllerBody.js';
import { useVrRig } from './vr-rig.js';

/** The other (left) controller points: a ray that clicks the in-world panels with the trigger. */
export function PointerController() {
  const rig = useVrRig();
  return (
    <>
      <XRSpace space="grip-space">
        <ControllerBody color={rig.color} />
      </XRSpace>
      <DefaultXRController model={false} grabPointer={false} teleportPointer={false} />
    </>
  );
}
