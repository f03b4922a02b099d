import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Golden } from '../../scripts/fixtures/index.js';

export {
  FIXTURES,
  goldenOf,
  scriptedRecording,
  type Golden,
} from '../../scripts/fixtures/index.js';

/** The committed recordings and golden files. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** A committed fixture: its JSON-lines text and its golden file. */
export function readFixture(name: string): { text: string; golden: Golden } {
  return {
    text: readFileSync(`${FIXTURES_DIR}${name}.jsonl`, 'utf8'),
    golden: JSON.parse(readFileSync(`${FIXTURES_DIR}${name}.golden.json`, 'utf8')) as Golden,
  };
}

/** The hash lines of a recording text, in order. */
export function hashLinesOf(text: string): { tick: number; hash: string }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{"kind":"hash"'))
    .map((line) => {
      const { tick, hash } = JSON.parse(line) as { tick: number; hash: string };
      return { tick, hash };
    });
}

/** The command that regenerates the fixtures, for failure messages. */
export const REGENERATE =
  'node --conditions=@scrubin/source --import tsx packages/sim/scripts/make-fixtures.ts';
