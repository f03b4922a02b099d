/** Whether VR can be entered here, and why not. */
export type VrSupport =
  { state: 'checking' } | { state: 'supported' } | { state: 'unsupported'; reason: string };

/** Whether the page was opened for browser tests with an emulated headset (`?test=1&xr=emulate`). */
export function vrEmulationRequested(search = window.location.search): boolean {
  const params = new URLSearchParams(search);
  return params.get('test') === '1' && params.get('xr') === 'emulate';
}

/**
 * Asks the browser whether it can run an immersive VR session; with the test flag, first puts an
 * emulated headset in place (loaded on demand, never part of the first load).
 */
export async function checkVrSupport(emulate = vrEmulationRequested()): Promise<VrSupport> {
  if (emulate) {
    const { installEmulatedHeadset } = await import('./emulation.js');
    installEmulatedHeadset();
  }
  if (!window.isSecureContext) {
    return { state: 'unsupported', reason: 'VR needs a secure page (https or localhost).' };
  }
  const xr = navigator.xr;
  if (!xr) return { state: 'unsupported', reason: 'This browser has no WebXR.' };
  try {
    if (await xr.isSessionSupported('immersive-vr')) return { state: 'supported' };
  } catch {
    // Blocked by a permissions policy: the same answer for the user.
  }
  return { state: 'unsupported', reason: 'No VR headset is available to this browser.' };
}
