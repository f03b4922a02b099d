/**
 * The desktop view's starting camera: a surgeon's eyes above the table, looking at the centre of
 * the tissue. Browser tests project scene points to the page with it; keep it stable.
 */
export const DEFAULT_CAMERA = {
  position: [0, 0.27, 0.3] as [number, number, number],
  target: [0, 0, 0] as [number, number, number],
  fovDeg: 40,
};
