/**
 * The VR code, in its own chunk: loaded only where the browser can run VR (see use-vr-mode.ts).
 */
import { createXRStore, type XRStore } from '@react-three/xr';
import { InstrumentController } from './InstrumentController.js';
import { PointerController } from './PointerController.js';

export { VrLayer, type VrLayerProps } from './VrLayer.js';

/** Controller profiles (button layouts) served with the client, not from a CDN. */
function profilesUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}xr-profiles/`, window.location.origin).href;
}

/**
 * The XR store: immersive VR on the floor, the right controller holds the instrument, the left
 * one points; no hands, gaze or screen input, no emulator of its own (tests install theirs).
 */
export function createVrStore(): XRStore {
  return createXRStore({
    emulate: false,
    offerSession: false,
    enterGrantedSession: false,
    controller: {
      left: PointerController,
      right: InstrumentController,
      default: PointerController,
    },
    hand: false,
    transientPointer: false,
    gaze: false,
    screenInput: false,
    handTracking: false,
    anchors: false,
    layers: false,
    meshDetection: false,
    planeDetection: false,
    hitTest: false,
    domOverlay: false,
    bodyTracking: false,
    baseAssetPath: profilesUrl(),
    defaultControllerProfileId: 'generic-trigger-squeeze-thumbstick',
  });
}
