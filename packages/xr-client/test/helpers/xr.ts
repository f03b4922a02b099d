/**
 * Driving the emulated headset of a page opened with `?test=1&xr=emulate`: `window.__scrubinXr`
 * holds the IWER device (controller poses and buttons are set on it, in the XR reference space:
 * metres, floor at y = 0, the user facing −z), the local instrument as the right controller holds
 * it (scene frame), the in-world buttons' positions, the text of the in-world panels and the XR
 * origin's transform.
 */
import type { Page } from 'playwright-core';
import { Matrix4, Quaternion, Vector3 } from 'three';

type Vec3 = [number, number, number];
type Quat = [number, number, number, number];

/** What the tests read of `window.__scrubinXr`. */
interface XrHookView {
  presenting: boolean;
  frames: number;
  instrument: { tracked: boolean; tip: Vec3; rotation: Quat; active: boolean };
  hovered: string | null;
  targets: Record<string, Vec3>;
  panels: Record<string, string[]>;
  origin: { position: Vec3; rotation: Quat };
}

interface IwerController {
  position: { set(x: number, y: number, z: number): unknown };
  quaternion: { set(x: number, y: number, z: number, w: number): unknown };
  updateButtonValue(id: string, value: number): void;
}

declare global {
  interface Window {
    __scrubinXr?: XrHookView & {
      device: {
        quaternion: IwerController['quaternion'];
        controllers: { left?: IwerController; right?: IwerController };
      };
    };
  }
}

/** A copy of the page's XR hook (null before the emulation is installed). */
export function readXr(page: Page): Promise<XrHookView | null> {
  return page.evaluate(() => {
    const h = window.__scrubinXr;
    if (!h) return null;
    return {
      presenting: h.presenting,
      frames: h.frames,
      instrument: {
        tracked: h.instrument.tracked,
        tip: [...h.instrument.tip] as [number, number, number],
        rotation: [...h.instrument.rotation] as [number, number, number, number],
        active: h.instrument.active,
      },
      hovered: h.hovered,
      targets: JSON.parse(JSON.stringify(h.targets)) as Record<string, [number, number, number]>,
      panels: JSON.parse(JSON.stringify(h.panels)) as Record<string, string[]>,
      origin: {
        position: [...h.origin.position] as [number, number, number],
        rotation: [...h.origin.rotation] as [number, number, number, number],
      },
    };
  });
}

/** The lines an in-world panel or button shows, by its test id; undefined while it is not shown. */
export function panelText(page: Page, testId: string): Promise<string[] | undefined> {
  return page.evaluate((id) => {
    const lines = window.__scrubinXr?.panels[id];
    return lines && [...lines];
  }, testId);
}

/** Waits until the in-world button `testId` is there (its position is reported). */
export async function waitForTarget(page: Page, testId: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction((id) => window.__scrubinXr?.targets[id] !== undefined, testId, {
    timeout,
  });
}

/** Waits until the immersive session rendered `count` more frames. */
export async function xrFrames(page: Page, count = 2, timeout = 60_000): Promise<void> {
  const from = (await readXr(page))?.frames ?? 0;
  await page.waitForFunction((n) => (window.__scrubinXr?.frames ?? 0) >= n, from + count, {
    timeout,
    polling: 'raf',
  });
}

/** Puts a controller at `position` with `rotation` (its target ray's pose, reference space). */
export async function setController(
  page: Page,
  hand: 'left' | 'right',
  position: Vec3,
  rotation: Quat,
): Promise<void> {
  await page.evaluate(
    ([h, p, q]) => {
      const c = window.__scrubinXr?.device.controllers[h as 'left' | 'right'];
      if (!c) throw new Error(`No emulated ${h} controller`);
      c.position.set(p[0]!, p[1]!, p[2]!);
      c.quaternion.set(q[0]!, q[1]!, q[2]!, q[3]!);
    },
    [hand, position, rotation] as const,
  );
}

/** Turns the headset (rotation x, y, z, w in the reference space). */
export async function setHeadset(page: Page, rotation: Quat): Promise<void> {
  await page.evaluate((q) => {
    window.__scrubinXr?.device.quaternion.set(q[0]!, q[1]!, q[2]!, q[3]!);
  }, rotation);
}

/** Sets a controller button's value (0 released … 1 pressed), e.g. `trigger`, `squeeze`. */
export async function setButton(
  page: Page,
  hand: 'left' | 'right',
  button: string,
  value: number,
): Promise<void> {
  await page.evaluate(
    ([h, b, v]) =>
      window.__scrubinXr?.device.controllers[h as 'left' | 'right']?.updateButtonValue(b, v),
    [hand, button, value] as const,
  );
}

/** A scene point in the XR reference space (through the inverse of the origin's transform). */
export function sceneToReference(point: Vec3, origin: XrHookView['origin']): Vec3 {
  const inverse = new Quaternion(...origin.rotation).invert();
  const v = new Vector3(...point).sub(new Vector3(...origin.position)).applyQuaternion(inverse);
  return [v.x, v.y, v.z];
}

/** The rotation that points a controller's ray (−z) from `from` at `to`. */
export function aimAt(from: Vec3, to: Vec3): Quat {
  const m = new Matrix4().lookAt(new Vector3(...from), new Vector3(...to), new Vector3(0, 1, 0));
  const q = new Quaternion().setFromRotationMatrix(m);
  return [q.x, q.y, q.z, q.w];
}

/**
 * Presses an in-world button with the left controller: aims its ray at the button from 35 cm in
 * front of it (toward the user's chest), waits until it hovers, presses and releases the trigger.
 */
export async function pressInWorld(page: Page, testId: string): Promise<void> {
  const xr = await readXr(page);
  const target = xr?.targets[testId];
  if (!xr || !target) throw new Error(`No in-world button ${testId} on the page`);
  const at = sceneToReference(target, xr.origin);
  const chest = new Vector3(0, 1.35, 0);
  const from = new Vector3(...at).lerp(chest, 0.35 / chest.distanceTo(new Vector3(...at)));
  await setController(page, 'left', [from.x, from.y, from.z], aimAt([from.x, from.y, from.z], at));
  await page.waitForFunction((id) => window.__scrubinXr?.hovered === id, testId, {
    timeout: 30_000,
  });
  // Press, and release once a frame has seen the press.
  await page.evaluate(async () => {
    const hook = window.__scrubinXr;
    const left = hook?.device.controllers.left;
    if (!hook || !left) throw new Error('No emulated left controller');
    const seen = hook.frames + 1;
    left.updateButtonValue('trigger', 1);
    while (hook.frames <= seen) await new Promise((resolve) => requestAnimationFrame(resolve));
    left.updateButtonValue('trigger', 0);
  });
  await xrFrames(page, 2);
}

/** The right controller held with its ray straight down and its top toward the user's forward. */
export const POINTING_DOWN: Quat = [-Math.SQRT1_2, 0, 0, Math.SQRT1_2];

/**
 * Where the right controller must be (reference space) for the instrument's tip to reach scene
 * points, found by measuring: the tip's response to small moves of a controller held
 * {@link POINTING_DOWN} (the origin only translates and turns about y, so the map is affine).
 */
export async function calibrateTip(page: Page, at: Vec3 = [0, 1.2, -0.45]) {
  const tipAt = async (p: Vec3): Promise<Vec3> => {
    await setController(page, 'right', p, POINTING_DOWN);
    await xrFrames(page, 3);
    const xr = await readXr(page);
    if (!xr?.instrument.tracked) throw new Error('The right controller is not tracked');
    return xr.instrument.tip;
  };
  const step = 0.02;
  const t0 = await tipAt(at);
  const tx = await tipAt([at[0] + step, at[1], at[2]]);
  const tz = await tipAt([at[0], at[1], at[2] + step]);
  // Scene change per metre of controller x and z.
  const a = (tx[0] - t0[0]) / step;
  const c = (tx[2] - t0[2]) / step;
  const b = (tz[0] - t0[0]) / step;
  const d = (tz[2] - t0[2]) / step;
  const det = a * d - b * c;
  return {
    /** The controller position that puts the tip at the scene point `tip`. */
    controllerFor(tip: Vec3): Vec3 {
      const ex = tip[0] - t0[0];
      const ez = tip[2] - t0[2];
      return [
        at[0] + (d * ex - b * ez) / det,
        at[1] + (tip[1] - t0[1]),
        at[2] + (-c * ex + a * ez) / det,
      ];
    },
  };
}
