import { CanvasTexture, SRGBColorSpace } from 'three';
import type { PanelLine } from './panel-content.js';

/** Texture pixels per metre of panel: sharp enough at arm's length on a Quest-class display. */
export const PIXELS_PER_M = 1600;

const FONT = 'system-ui, sans-serif';
const SIZES: Record<
  NonNullable<PanelLine['kind']>,
  { px: number; weight: number; color: string }
> = {
  title: { px: 34, weight: 700, color: '#ffffff' },
  body: { px: 28, weight: 500, color: '#ffffff' },
  note: { px: 23, weight: 400, color: '#b8c7d4' },
};
const PAD_PX = 22;

/** A canvas-backed texture for a panel of `widthM` × `heightM`, redrawn on demand. */
export class PanelTexture {
  readonly texture: CanvasTexture;
  readonly #canvas: HTMLCanvasElement;

  constructor(widthM: number, heightM: number) {
    this.#canvas = document.createElement('canvas');
    this.#canvas.width = Math.round(widthM * PIXELS_PER_M);
    this.#canvas.height = Math.round(heightM * PIXELS_PER_M);
    this.texture = new CanvasTexture(this.#canvas);
    this.texture.colorSpace = SRGBColorSpace;
  }

  /** Lines top to bottom on a dark rounded card; the last lines go if they do not fit. */
  drawLines(lines: readonly PanelLine[]): void {
    const ctx = this.#begin('rgba(12, 20, 26, 0.88)', 'rgba(255, 255, 255, 0.12)');
    if (!ctx) return;
    const { width, height } = this.#canvas;
    let y = PAD_PX;
    for (const line of lines) {
      const size = SIZES[line.kind ?? 'body'];
      if (y + size.px > height - PAD_PX / 2) break;
      let x = PAD_PX;
      if (line.dot) {
        ctx.fillStyle = line.dot;
        ctx.beginPath();
        ctx.arc(x + size.px * 0.35, y + size.px * 0.55, size.px * 0.32, 0, Math.PI * 2);
        ctx.fill();
        x += size.px;
      }
      ctx.font = `${size.weight} ${size.px}px ${FONT}`;
      ctx.fillStyle = line.color ?? size.color;
      ctx.textBaseline = 'top';
      ctx.fillText(fit(ctx, line.text, width - x - PAD_PX), x, y);
      y += size.px * 1.35;
    }
    this.texture.needsUpdate = true;
  }

  /** A button face: its label centred, brighter when hovered, filled when selected. */
  drawButton(label: string, state: { enabled: boolean; selected: boolean; hovered: boolean }) {
    const fill = !state.enabled
      ? 'rgba(40, 48, 56, 0.85)'
      : state.selected
        ? '#2f8f83'
        : state.hovered
          ? '#3d5468'
          : 'rgba(22, 32, 42, 0.92)';
    const ctx = this.#begin(fill, state.hovered && state.enabled ? '#9fe3d8' : '#58708a');
    if (!ctx) return;
    const { width, height } = this.#canvas;
    const px = Math.round(height * 0.34);
    ctx.font = `600 ${px}px ${FONT}`;
    ctx.fillStyle = state.enabled ? '#ffffff' : '#7f8c98';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(fit(ctx, label, width - PAD_PX), width / 2, height / 2);
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
  }

  #begin(fill: string, stroke: string): CanvasRenderingContext2D | null {
    const ctx = this.#canvas.getContext('2d');
    if (!ctx) return null;
    const { width, height } = this.#canvas;
    ctx.clearRect(0, 0, width, height);
    ctx.textAlign = 'left';
    ctx.fillStyle = fill;
    ctx.strokeStyle = stroke;
    ctx.lineWidth = 4;
    ctx.beginPath();
    ctx.roundRect(3, 3, width - 6, height - 6, Math.min(24, height / 4));
    ctx.fill();
    ctx.stroke();
    return ctx;
  }
}

/** The text, shortened with an ellipsis to fit `width` pixels in the current font. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let chars = [...text];
  while (chars.length > 1 && ctx.measureText(`${chars.join('').trimEnd()}…`).width > width) {
    chars = chars.slice(0, -1);
  }
  return `${chars.join('').trimEnd()}…`;
}
