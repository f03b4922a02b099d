import { describe, expect, it } from 'vitest';
import { wrapText } from './text-wrap.js';

/** One pixel per character. */
const chars = (s: string) => s.length;

describe('wrapText', () => {
  it.each([
    { text: 'short', width: 10, rows: ['short'] },
    { text: 'tie the second bite', width: 10, rows: ['tie the', 'second', 'bite'] },
    { text: '  many   spaces  here ', width: 20, rows: ['many spaces here'] },
    { text: 'incision', width: 3, rows: ['inc', 'isi', 'on'] },
    { text: 'go superlongword', width: 5, rows: ['go', 'super', 'longw', 'ord'] },
    { text: '', width: 5, rows: [''] },
  ])('$text in $width', ({ text, width, rows }) => {
    expect(wrapText(text, width, chars)).toEqual(rows);
  });

  it('never makes a row wider than asked unless one character is', () => {
    const rows = wrapText('The blade goes along the marked line, then stop.', 12, chars);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(12);
    expect(rows.join(' ')).toBe('The blade goes along the marked line, then stop.');
  });
});
