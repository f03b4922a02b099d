import { XRDevice, metaQuest3 } from 'iwer';
import { installXrTestHook } from './xr-test-hook.js';

let device: XRDevice | undefined;

/**
 * Test-only: an emulated Meta Quest 3 (IWER) in place of the browser's WebXR, with no device UI
 * (it would overwrite the poses tests set), exposed on `window.__scrubinXr`. Forced over the
 * browser's own `navigator.xr`, which headless Chromium has without any headset behind it.
 */
export function installEmulatedHeadset(): XRDevice {
  if (device) return device;
  device = new XRDevice(metaQuest3);
  device.installRuntime({ forceInstall: true });
  installXrTestHook(device);
  return device;
}
