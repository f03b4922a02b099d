import { CanvasTexture, SRGBColorSpace } from 'three';

/** Pixel size of a label texture. */
const WIDTH = 512;
const HEIGHT = 136;
/** Left edge of the text, pixels (after the colour dot). */
const TEXT_X = 84;
/** Room for the text, pixels. */
const TEXT_WIDTH = WIDTH - TEXT_X - 24;
/** World size of a label, metres. */
export const LABEL_WIDTH_M = 0.07;
export const LABEL_HEIGHT_M = (LABEL_WIDTH_M * HEIGHT) / WIDTH;

/**
 * Draws `text` at (x, y) in the largest size from `maxPx` down to `minPx` that fits `width`;
 * shortens it with an ellipsis only if even the smallest size is too wide.
 */
function fitText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  width: number,
  weight: number,
  maxPx: number,
  minPx: number,
): void {
  let size = maxPx;
  ctx.font = `${weight} ${size}px system-ui, sans-serif`;
  while (size > minPx && ctx.measureText(text).width > width) {
    size -= 2;
    ctx.font = `${weight} ${size}px system-ui, sans-serif`;
  }
  let shown = text;
  if (ctx.measureText(shown).width > width) {
    let chars = [...text];
    while (chars.length > 1 && ctx.measureText(`${chars.join('').trimEnd()}…`).width > width) {
      chars = chars.slice(0, -1);
    }
    shown = `${chars.join('').trimEnd()}…`;
  }
  ctx.fillText(shown, x, y);
}

/**
 * A name-and-role tag drawn once into a texture (for a sprite above an instrument): the name
 * on the first line, the role below it, each shrunk to fit before anything is cut.
 */
export function labelTexture(name: string, role: string, color: string): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.fillStyle = 'rgba(12, 20, 26, 0.82)';
    ctx.beginPath();
    ctx.roundRect(4, 4, WIDTH - 8, HEIGHT - 8, 24);
    ctx.fill();
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(48, HEIGHT / 2, 20, 0, Math.PI * 2);
    ctx.fill();
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#ffffff';
    fitText(ctx, name, TEXT_X, HEIGHT * 0.36, TEXT_WIDTH, 600, 42, 26);
    ctx.fillStyle = '#b8c7d4';
    fitText(ctx, role, TEXT_X, HEIGHT * 0.72, TEXT_WIDTH, 400, 32, 22);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}
