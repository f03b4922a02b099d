/**
 * `window.__scrubinXr`: what browser tests read and drive in VR emulation (`?test=1&xr=emulate`).
 * The emulation installs it with its device; the VR layer keeps the rest current. Mutable and
 * written in place every frame (no allocation).
 */
export interface XrTestHook {
  /** The emulated headset (an IWER `XRDevice`): tests set controller poses and buttons on it. */
  readonly device: unknown;
  /** Whether an immersive session is running. */
  presenting: boolean;
  /** Frames rendered in the immersive session so far (tests wait on it, never on time). */
  frames: number;
  /** The local instrument as the dominant controller holds it (scene frame). */
  readonly instrument: {
    tracked: boolean;
    /** Tip position, metres. */
    readonly tip: [number, number, number];
    /** Rotation (x, y, z, w). */
    readonly rotation: [number, number, number, number];
    active: boolean;
  };
  /** The in-world button a ray points at, by its test id, or null. */
  hovered: string | null;
  /** World positions of the in-world buttons, by their test id (e.g. `vr-tool-scalpel`). */
  readonly targets: Record<string, [number, number, number]>;
  /**
   * The text of each in-world panel and button shown now, one entry per line, by test id (e.g.
   * `vr-panel-chat`, `vr-voice`); a panel that is not shown has no entry.
   */
  readonly panels: Record<string, string[]>;
  /** The XR origin's world transform: position and rotation (x, y, z, w). */
  readonly origin: {
    readonly position: [number, number, number];
    readonly rotation: [number, number, number, number];
  };
}

let hook: XrTestHook | undefined;

/** Installs `window.__scrubinXr` for the emulated `device` (once per page). */
export function installXrTestHook(device: unknown): XrTestHook {
  hook ??= {
    device,
    presenting: false,
    frames: 0,
    instrument: { tracked: false, tip: [0, 0, 0], rotation: [0, 0, 0, 1], active: false },
    hovered: null,
    targets: {},
    panels: {},
    origin: { position: [0, 0, 0], rotation: [0, 0, 0, 1] },
  };
  Object.defineProperty(window, '__scrubinXr', {
    configurable: true,
    enumerable: false,
    value: hook,
  });
  return hook;
}

/** The installed hook, or undefined outside VR emulation. */
export function xrTestHook(): XrTestHook | undefined {
  return hook;
}
