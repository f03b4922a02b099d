/**
 * Desktop instrument input as a person gives it: the tip follows the mouse over the tissue,
 * W lowers it and S raises it (0.5 mm a press), holding Space switches the blade on.
 *
 * Points of the scene are found on screen by projecting them with the session view's default
 * camera (SessionView: position (0, 0.27, 0.3) looking at the origin, vertical fov 40°); the
 * camera only moves when someone right-drags, which these tests never do.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { animationFrames } from './browser.js';
import { tid } from './users.js';

/** The session view's default camera (SessionView.tsx). */
export const DEFAULT_CAMERA = { position: [0, 0.27, 0.3], target: [0, 0, 0], fovDeg: 40 } as const;
/** The skin-incision scenario's marked line (packages/sim scenarios): x from -3 cm to 3 cm, z = 0. */
export const MARKED_LINE = { from: [-0.03, 0], to: [0.03, 0] } as const;
/** One W/S press, metres (DesktopControls.HEIGHT_STEP_M). */
const HEIGHT_STEP_M = 0.0005;

type Vec3 = [number, number, number];
const sub = (a: readonly number[], b: readonly number[]): Vec3 => [
  a[0]! - b[0]!,
  a[1]! - b[1]!,
  a[2]! - b[2]!,
];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const normalize = (a: Vec3): Vec3 => {
  const l = Math.sqrt(dot(a, a));
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** Where a scene point shows in a canvas at `rect` (CSS pixels of the page). */
export function projectToPage(
  point: Vec3,
  rect: { x: number; y: number; width: number; height: number },
  camera = DEFAULT_CAMERA,
): { x: number; y: number } {
  const forward = normalize(sub(camera.target, camera.position));
  const right = normalize(cross(forward, [0, 1, 0]));
  const up = cross(right, forward);
  const d = sub(point, camera.position);
  const depth = dot(d, forward);
  const tanHalf = Math.tan(((camera.fovDeg / 2) * Math.PI) / 180);
  const ndcX = dot(d, right) / (depth * tanHalf * (rect.width / rect.height));
  const ndcY = dot(d, up) / (depth * tanHalf);
  return {
    x: rect.x + ((ndcX + 1) / 2) * rect.width,
    y: rect.y + ((1 - ndcY) / 2) * rect.height,
  };
}

/** The tip height the depth readout (`instrument-depth`) shows, metres (negative: below). */
export async function readTipHeight(page: Page): Promise<number | null> {
  const text = (await page.locator(tid('instrument-depth')).textContent()) ?? '';
  if (/on the surface/i.test(text)) return 0;
  const match = /([\d.]+)\s*mm\s*(deep|above)/i.exec(text);
  if (!match) return null;
  const m = Number(match[1]) / 1000;
  return match[2]!.toLowerCase() === 'deep' ? -m : m;
}

/**
 * Cuts along the marked line of the skin-incision scenario on the page of a participant holding
 * a cutting instrument: pointer to the line's start, W until the tip is `depthM` below the
 * surface, Space held while the mouse follows the line in `steps` moves (one rendered frame
 * each), Space released. The depth readout must confirm the depth.
 */
export async function cutAlongMarkedLine(
  page: Page,
  options: { depthM?: number; steps?: number; framesPerStep?: number } = {},
): Promise<void> {
  const { depthM = 0.0025, steps = 24, framesPerStep = 1 } = options;
  const canvas = page.locator(`${tid('scene-canvas')} canvas`);
  const rect = await canvas.boundingBox();
  if (!rect) throw new Error('The scene canvas has no box: is the scene rendered?');
  const at = (s: number) =>
    projectToPage(
      [
        MARKED_LINE.from[0] + (MARKED_LINE.to[0] - MARKED_LINE.from[0]) * s,
        0,
        MARKED_LINE.from[1] + (MARKED_LINE.to[1] - MARKED_LINE.from[1]) * s,
      ],
      rect,
    );

  // Nothing may cover the canvas along the line (panels, notices): the mouse must reach it.
  for (const s of [0, 0.5, 1]) {
    const { x, y } = at(s);
    const covered = await page.evaluate(
      ([px, py]) => {
        const el = document.elementFromPoint(px!, py!);
        return el instanceof HTMLCanvasElement ? null : (el?.outerHTML.slice(0, 160) ?? 'nothing');
      },
      [x, y],
    );
    expect(covered, `what covers the canvas at the line (${s})`).toBeNull();
  }

  // Onto the line's start: the tip comes under the pointer.
  const start = at(0);
  await page.mouse.move(start.x - 20, start.y, { steps: 4 });
  await page.mouse.move(start.x, start.y, { steps: 4 });
  await animationFrames(page, 3);

  // Lower the tip below the surface, one W press per 0.5 mm, until the readout says so.
  const height0 = await readTipHeight(page);
  if (height0 === null) throw new Error('The depth readout (instrument-depth) is not readable');
  const presses = Math.round((height0 + depthM) / HEIGHT_STEP_M);
  for (let k = 0; k < presses; k++) await page.keyboard.press('KeyW');
  await expect.poll(() => readTipHeight(page), { timeout: 30_000 }).toBeCloseTo(-depthM, 4);
  await animationFrames(page, 3);

  // Blade on, along the line, blade off.
  await page.keyboard.down('Space');
  await animationFrames(page, framesPerStep);
  for (let k = 1; k <= steps; k++) {
    const { x, y } = at(k / steps);
    await page.mouse.move(x, y);
    await animationFrames(page, framesPerStep);
  }
  await page.keyboard.up('Space');
  await animationFrames(page, 3);
}
