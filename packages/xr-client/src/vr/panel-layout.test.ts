import { describe, expect, it } from 'vitest';
import type { PanelLine } from './panel-content.js';
import { ellipsize, fitRows, layOutRows, PANEL_PAD_PX, rowHeight } from './panel-layout.js';

/** Ten pixels per character, whatever the font. */
const tenEach = (text: string) => text.length * 10;

const title: PanelLine = { text: 'Chat', kind: 'title' };
const body = (text: string, wrap = false): PanelLine => ({ text, wrap });

describe('in-world panel layout', () => {
  it('shortens a line with an ellipsis, or wraps it onto rows when it asks', () => {
    const width = 2 * PANEL_PAD_PX + 100; // ten characters of room
    const rows = layOutRows(
      [body('one two three four'), body('one two three four', true)],
      width,
      tenEach,
    );
    expect(rows.map((r) => [r.text, r.first])).toEqual([
      ['one two t…', true],
      ['one two', true],
      ['three four', false],
    ]);
    expect(ellipsize('short', 100, tenEach)).toBe('short');
  });

  it('leaves room for the dot on every row of a wrapped line', () => {
    const rows = layOutRows(
      [{ text: 'aa bb cc', dot: '#fff', wrap: true }],
      2 * PANEL_PAD_PX + 28 + 40,
      tenEach,
    );
    expect(rows.map((r) => r.text)).toEqual(['aa', 'bb', 'cc']);
    expect(new Set(rows.map((r) => r.x)).size).toBe(1);
  });

  it('keeps a lone title on a card just tall enough for its text', () => {
    const rows = layOutRows([title], 500, tenEach);
    expect(fitRows(rows, 72)).toHaveLength(1);
  });

  const lines = [title, ...['1', '2', '3', '4', '5', '6'].map((n) => body(`line ${n}`))];
  const rows = layOutRows(lines, 500, tenEach);
  // The title and three body rows, with the last one's text just inside (half a pixel to spare).
  const height =
    PANEL_PAD_PX + rowHeight(title) + 2 * rowHeight(body('')) + 28 + PANEL_PAD_PX / 2 + 0.5;

  it('drops the last rows when they do not fit', () => {
    expect(fitRows(rows, height).map((r) => r.text)).toEqual([
      'Chat',
      'line 1',
      'line 2',
      'line 3',
    ]);
  });

  it('with the newest last, keeps the title and drops the oldest rows', () => {
    expect(fitRows(rows, height, true).map((r) => r.text)).toEqual([
      'Chat',
      'line 4',
      'line 5',
      'line 6',
    ]);
    expect(fitRows(rows, 1000, true)).toEqual(rows);
  });
});
