/**
 * Breaks `text` into rows no wider than `widthPx` as `measure` sees them: at spaces where it can,
 * inside a word only when the word alone is too wide. Runs of spaces collapse to one.
 */
export function wrapText(text: string, widthPx: number, measure: (s: string) => number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = row ? `${row} ${word}` : word;
    if (measure(candidate) <= widthPx) {
      row = candidate;
      continue;
    }
    if (row) rows.push(row);
    row = '';
    // A word wider than a row goes over several, character by character.
    for (const char of word) {
      if (row && measure(row + char) > widthPx) {
        rows.push(row);
        row = '';
      }
      row += char;
    }
  }
  if (row || rows.length === 0) rows.push(row);
  return rows;
}
