import { CanvasTexture, SRGBColorSpace } from 'three';

/** Pixel size of a label texture. */
const WIDTH = 512;
const HEIGHT = 96;
/** World size of a label, metres. */
export const LABEL_WIDTH_M = 0.07;
export const LABEL_HEIGHT_M = (LABEL_WIDTH_M * HEIGHT) / WIDTH;

/** A name-and-role tag drawn once into a texture (for a sprite above an instrument). */
export function labelTexture(name: string, role: string, color: string): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.fillStyle = 'rgba(12, 20, 26, 0.82)';
    ctx.beginPath();
    ctx.roundRect(4, 4, WIDTH - 8, HEIGHT - 8, 22);
    ctx.fill();
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(48, HEIGHT / 2, 20, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.font = '600 40px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const text = `${name} · ${role}`;
    let shown = text;
    while (ctx.measureText(shown).width > WIDTH - 110 && shown.length > 4) {
      shown = `${shown.slice(0, -2)}…`;
    }
    ctx.fillText(shown, 84, HEIGHT / 2 + 2);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}
