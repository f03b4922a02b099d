import { CanvasTexture, SRGBColorSpace } from 'three';
import type { PanelLine } from './panel-content.js';
import {
  ellipsize,
  fitRows,
  fontOf,
  layOutRows,
  LINE_STYLES,
  PANEL_FONT,
  PANEL_PAD_PX,
  rowHeight,
} from './panel-layout.js';

/** Texture pixels per metre of panel: sharp enough at arm's length on a Quest-class display. */
export const PIXELS_PER_M = 1600;

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
    const measure = (text: string, font: string) => {
      ctx.font = font;
      return ctx.measureText(text).width;
    };
    const rows = fitRows(layOutRows(lines, width, measure), height, options.newestLast);
    let y = PANEL_PAD_PX;
    for (const row of rows) {
      const size = LINE_STYLES[row.line.kind ?? 'body'];
      if (row.first && row.line.dot) {
        ctx.fillStyle = row.line.dot;
        ctx.beginPath();
        ctx.arc(PANEL_PAD_PX + size.px * 0.35, y + size.px * 0.55, size.px * 0.32, 0, Math.PI * 2);
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
    ctx.font = `600 ${px}px ${PANEL_FONT}`;
    ctx.fillStyle = state.enabled ? '#ffffff' : '#7f8c98';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(
      ellipsize(label, width - PANEL_PAD_PX, (text) => ctx.measureText(text).width),
      width / 2,
      height / 2,
    );
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
