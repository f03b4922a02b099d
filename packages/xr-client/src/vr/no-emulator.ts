/**
 * Stands in for @react-three/xr's built-in emulator (IWER with its device UI and synthetic rooms,
 * several MB and an older three), which the client never turns on: the store is created with
 * `emulate: false`, and tests install a bare IWER device of their own (emulation.ts).
 */
export function emulate(): never {
  throw new Error('The XR store emulator is not bundled; use ?test=1&xr=emulate');
}
