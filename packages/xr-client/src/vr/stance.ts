import { FLOOR_Y } from '../scene/Room.js';

/**
 * Where a VR user stands. The scene keeps the simulation's frame (tissue surface at y = 0), so
 * the XR origin (the user's feet) goes to the room's floor, 1.05 m below the surface: a table at
 * a surgeon's working height, about elbow height, with eyes some 0.5–0.6 m above the tissue. The
 * user stands beside the table, 0.45 m from the middle of the tissue, facing it (forward is −x):
 * the marked incision then runs toward and away from them, the way a scalpel is drawn.
 */
export const ORIGIN_POSITION: [number, number, number] = [0.45, FLOOR_Y, 0];
/** The origin's turn about +y, radians: its forward (−z) becomes the scene's −x. */
export const ORIGIN_YAW_RAD = Math.PI / 2;
/** A standing adult's eye height, metres (where panels turn to face). */
export const EYE_HEIGHT_M = 1.6;
/** The standing user's eyes in the scene frame. */
export const EYES_IN_SCENE: [number, number, number] = [
  ORIGIN_POSITION[0],
  ORIGIN_POSITION[1] + EYE_HEIGHT_M,
  ORIGIN_POSITION[2],
];
