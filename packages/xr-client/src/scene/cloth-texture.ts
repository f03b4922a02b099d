import { CanvasTexture, RepeatWrapping, SRGBColorSpace } from 'three';

let cached: CanvasTexture | undefined;

/** The cloth pattern repeats every this many metres. */
const TILE_M = 0.04;

/** The cloth texture tiled over a surface `widthM` × `heightM` (shares the one image). */
export function clothTextureFor(widthM: number, heightM: number): CanvasTexture {
  const texture = clothTexture().clone();
  texture.repeat.set(Math.max(1, widthM / TILE_M), Math.max(1, heightM / TILE_M));
  texture.needsUpdate = true;
  return texture;
}

/**
 * A woven-cloth texture for the drapes, drawn once in a canvas: light and dark threads over the
 * base colour (multiplied by the material's colour), so unlit drapes still read as fabric.
 */
export function clothTexture(): CanvasTexture {
  if (cached) return cached;
  const size = 128;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.fillStyle = '#e6e6e6';
    ctx.fillRect(0, 0, size, size);
    // A seeded pattern (not Math.random): the same cloth on every page.
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let k = 0; k < size; k += 2) {
      ctx.fillStyle = `rgba(255,255,255,${0.04 + next() * 0.06})`;
      ctx.fillRect(0, k, size, 1);
      ctx.fillStyle = `rgba(0,0,0,${0.05 + next() * 0.07})`;
      ctx.fillRect(k, 0, 1, size);
    }
  }
  const texture = new CanvasTexture(canvas);
  texture.wrapS = RepeatWrapping;
  texture.wrapT = RepeatWrapping;
  texture.colorSpace = SRGBColorSpace;
  cached = texture;
  return texture;
}
