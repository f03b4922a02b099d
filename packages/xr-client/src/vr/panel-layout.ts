/**
 * How the text of an in-world panel is laid out on its texture: rows of lines, wrapped or
 * shortened to the width, and the rows that fit the height. Measuring is injected (a canvas in the
 * page), so the layout is plain arithmetic.
 */
import type { PanelLine } from './panel-content.js';
import { wrapText } from './text-wrap.js';

/** The panels' typeface. */
export const PANEL_FONT = 'system-ui, sans-serif';
/** Size, weight and default colour of each kind of line, pixels of texture. */
export const LINE_STYLES: Record<
  NonNullable<PanelLine['kind']>,
  { px: number; weight: number; color: string }
> = {
  title: { px: 34, weight: 700, color: '#ffffff' },
  body: { px: 28, weight: 500, color: '#ffffff' },
  note: { px: 23, weight: 400, color: '#b8c7d4' },
};
/** Inner margin of a card, pixels. */
export const PANEL_PAD_PX = 22;

/** One row of text on a card: part or all of a line. */
export interface PanelRow {
  line: PanelLine;
  text: string;
  /** Left edge, pixels (after the line's dot). */
  x: number;
  /** The line's first row (where its dot goes). */
  first: boolean;
}

/** The CSS font of a line. */
export function fontOf(line: PanelLine): string {
  const size = LINE_STYLES[line.kind ?? 'body'];
  return `${size.weight} ${size.px}px ${PANEL_FONT}`;
}

/** The spacing of a line's rows, pixels. */
export function rowHeight(line: PanelLine): number {
  return LINE_STYLES[line.kind ?? 'body'].px * 1.35;
}

/**
 * The rows of `lines` on a card `widthPx` wide: wrapped, or shortened to fit, as `measure`
 * sees text in a font.
 */
export function layOutRows(
  lines: readonly PanelLine[],
  widthPx: number,
  measure: (text: string, font: string) => number,
): PanelRow[] {
  const rows: PanelRow[] = [];
  for (const line of lines) {
    const size = LINE_STYLES[line.kind ?? 'body'];
    const x = PANEL_PAD_PX + (line.dot ? size.px : 0);
    const room = widthPx - x - PANEL_PAD_PX;
    const font = fontOf(line);
    const measureLine = (text: string) => measure(text, font);
    const texts = line.wrap
      ? wrapText(line.text, room, measureLine)
      : [ellipsize(line.text, room, measureLine)];
    texts.forEach((text, k) => rows.push({ line, text, x, first: k === 0 }));
  }
  return rows;
}

/**
 * The rows that fit on a card `heightPx` tall (each row's text inside the padding, its line
 * spacing not needed after the last): the first ones, or a leading title and the last ones.
 */
export function fitRows(rows: PanelRow[], heightPx: number, newestLast = false): PanelRow[] {
  const limit = heightPx - PANEL_PAD_PX / 2;
  const textPx = (row: PanelRow) => LINE_STYLES[row.line.kind ?? 'body'].px;
  if (!newestLast) {
    const kept: PanelRow[] = [];
    let y = PANEL_PAD_PX;
    for (const row of rows) {
      if (y + textPx(row) > limit) break;
      kept.push(row);
      y += rowHeight(row.line);
    }
    return kept;
  }
  const head = rows[0]?.line.kind === 'title' ? rows.slice(0, 1) : [];
  const top = PANEL_PAD_PX + head.reduce((sum, row) => sum + rowHeight(row.line), 0);
  // From the newest row up: the newest needs its text height, each older one its full spacing.
  let first = rows.length;
  let used = top;
  for (let k = rows.length - 1; k >= head.length; k--) {
    const row = rows[k]!;
    const next = used + (k === rows.length - 1 ? textPx(row) : rowHeight(row.line));
    if (next > limit) break;
    used = next;
    first = k;
  }
  return [...head, ...rows.slice(first)];
}

/** The text, shortened with an ellipsis to fit `widthPx` as `measure` sees it. */
export function ellipsize(text: string, widthPx: number, measure: (s: string) => number): string {
  if (measure(text) <= widthPx) return text;
  let chars = [...text];
  while (chars.length > 1 && measure(`${chars.join('').trimEnd()}…`) > widthPx) {
    chars = chars.slice(0, -1);
  }
  return `${chars.join('').trimEnd()}…`;
}
