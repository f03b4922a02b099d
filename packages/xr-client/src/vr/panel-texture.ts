import { CanvasTexture, SRGBColorSpace } from 'three';
import type { PanelLine } from './panel-content.js';
import { wrapText } from './text-wrap.js';

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

  /**
   * Lines top to bottom on a dark rounded card, wrapped where they ask for it. Rows that do not
   * fit go from the end, or with `newestLast` from the start (after a leading title).
   */
  drawLines(lines: readonly PanelLine[], options: { newestLast?: boolean } = {}): void {
    const ctx = this.#begin('rgba(12, 20, 26, 0.88)', 'rgba(255, 255, 255, 0.12)');
    if (!ctx) return;
    const { width, height } = this.#canvas;
    const rows = fitRows(layOut(ctx, lines, width), height - PAD_PX * 1.5, options.newestLast);
    let y = PAD_PX;
    for (const row of rows) {
      const size = SIZES[row.line.kind ?? 'body'];
      if (row.first && row.line.dot) {
        ctx.fillStyle = row.line.dot;
        ctx.beginPath();
        ctx.arc(PAD_PX + size.px * 0.35, y + size.px * 0.55, size.px * 0.32, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.font = fontOf(row.line);
      ctx.fillStyle = row.line.color ?? size.color;
      ctx.textBaseline = 'top';
      ctx.fillText(row.text, row.x, y);
      y += rowHeight(row.line);
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

/** One row of text on a card: part or all of a line. */
interface Row {
  line: PanelLine;
  text: string;
  /** Left edge, pixels (after the line's dot). */
  x: number;
  /** The line's first row (where its dot goes). */
  first: boolean;
}

function fontOf(line: PanelLine): string {
  const size = SIZES[line.kind ?? 'body'];
  return `${size.weight} ${size.px}px ${FONT}`;
}

function rowHeight(line: PanelLine): number {
  return SIZES[line.kind ?? 'body'].px * 1.35;
}

/** The rows of `lines` on a card `width` pixels wide: wrapped, or shortened to fit. */
function layOut(ctx: CanvasRenderingContext2D, lines: readonly PanelLine[], width: number): Row[] {
  const rows: Row[] = [];
  for (const line of lines) {
    const size = SIZES[line.kind ?? 'body'];
    const x = PAD_PX + (line.dot ? size.px : 0);
    const room = width - x - PAD_PX;
    ctx.font = fontOf(line);
    const texts = line.wrap
      ? wrapText(line.text, room, (s) => ctx.measureText(s).width)
      : [fit(ctx, line.text, room)];
    texts.forEach((text, k) => rows.push({ line, text, x, first: k === 0 }));
  }
  return rows;
}

/** The rows that fit in `heightPx`: the first ones, or a leading title and the last ones. */
function fitRows(rows: Row[], heightPx: number, newestLast = false): Row[] {
  const heightOf = (list: Row[]) => list.reduce((sum, row) => sum + rowHeight(row.line), 0);
  if (heightOf(rows) <= heightPx) return rows;
  if (!newestLast) {
    const kept: Row[] = [];
    let used = 0;
    for (const row of rows) {
      used += rowHeight(row.line);
      if (used > heightPx) break;
      kept.push(row);
    }
    return kept;
  }
  const head = rows[0]?.line.kind === 'title' ? rows.slice(0, 1) : [];
  const tail: Row[] = [];
  let used = heightOf(head);
  for (let k = rows.length - 1; k >= head.length; k--) {
    const row = rows[k]!;
    used += rowHeight(row.line);
    if (used > heightPx) break;
    tail.unshift(row);
  }
  return [...head, ...tail];
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
