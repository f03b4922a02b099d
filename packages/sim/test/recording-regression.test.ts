/**
 * The golden tests can fail: a changed event changes the final hash and is caught by the hash
 * lines, a changed hash line is reported, a truncated file is an error naming its line, and the
 * committed recordings are what their scripts produce.
 */
import { readFileSync } from 'node:fs';
import { parseRecording, RecordingError } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import { HASH_INTERVAL_TICKS, replay } from '../src/index.js';
import { FIXTURES, readFixture, REGENERATE, scriptedRecording } from './helpers/fixtures.js';

/** The fixture the tests change: one straight stroke along z = 0 at 2.5 mm depth. */
const NAME = 'skin-incision-pass';

/** The recording text with line `index` (0-based) rewritten by `edit`. */
function editLine(text: string, index: number, edit: (line: string) => string): string {
  const lines = text.split('\n');
  lines[index] = edit(lines[index]!);
  return lines.join('\n');
}

describe('recording regressions', () => {
  it('a scalpel pose 3 mm off the line changes the final hash and fails the next hash line', () => {
    const { text, golden } = readFixture(NAME);
    const lines = text.split('\n');
    // The middle pose of the stroke, moved sideways: the blade now goes across its edge there
    // (a drag, which cuts nothing) and leaves that stretch of the line uncut. (The hash covers
    // the tissue, not the instrument: a change that severs the same constraints keeps the hash.)
    const strokePoses = lines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.includes('"action":"pose"') && line.includes(',-2500,0]'));
    expect(strokePoses.length).toBeGreaterThan(50);
    const { line, index } = strokePoses[Math.floor(strokePoses.length / 2)]!;
    const tick = (JSON.parse(line) as { tick: number }).tick;
    const changed = editLine(text, index, (l) => l.replace(',-2500,0]', ',-2500,3000]'));
    expect(changed).not.toBe(text);

    const result = replay(changed);
    expect(result.finalHash).not.toBe(golden.finalHash);
    // Every hash line before the change still matches; the first one after it does not.
    const firstAfter = (Math.floor(tick / HASH_INTERVAL_TICKS) + 1) * HASH_INTERVAL_TICKS;
    expect(result.hashMismatches.length).toBeGreaterThan(0);
    expect(result.hashMismatches[0]!.tick).toBe(firstAfter);
    expect(result.hashMismatches.every((m) => m.tick >= firstAfter)).toBe(true);
  });

  it('a wrong hash line is reported as a mismatch at its tick', () => {
    const { text, golden } = readFixture(NAME);
    const lines = text.split('\n');
    const index = lines.findIndex((l) => l.startsWith('{"kind":"hash"'));
    const { tick, hash } = JSON.parse(lines[index]!) as { tick: number; hash: string };
    const forged = hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const result = replay(
      editLine(text, index, () => JSON.stringify({ kind: 'hash', tick, hash: forged })),
    );
    expect(result.hashMismatches).toEqual([{ tick, expected: forged, actual: hash }]);
    expect(result.finalHash).toBe(golden.finalHash);
  });

  it.each([
    {
      cut: 'without its end line',
      edit: (lines: string[]) => lines.slice(0, -2),
      error: /^line \d+: no end line: the recording is truncated/,
    },
    {
      cut: 'in the middle of a line',
      edit: (lines: string[]) => [...lines.slice(0, 40), lines[40]!.slice(0, 30)],
      error: /^line 41: not valid JSON/,
    },
    {
      cut: 'with an event missing',
      edit: (lines: string[]) => [...lines.slice(0, 40), ...lines.slice(41)],
      error: /^line 41: seq \d+ follows seq \d+: events are missing/,
    },
  ])('a recording cut $cut is an error naming the line', ({ edit, error }) => {
    const { text } = readFixture(NAME);
    const broken = edit(text.split('\n')).join('\n');
    expect(() => replay(broken)).toThrow(RecordingError);
    expect(() => replay(broken)).toThrow(error);
  });

  it.each(FIXTURES.map((f) => [f.name, f] as const))(
    '%s.jsonl is what its script produces',
    (name, spec) => {
      const committed = parseRecording(readFixture(name).text);
      const scripted = scriptedRecording(spec.script());
      const message = `${name}.jsonl is stale: ${REGENERATE}`;
      expect(committed.header, message).toEqual(scripted.header);
      expect(committed.events, message).toEqual(scripted.events);
      expect(committed.end, message).toEqual(scripted.end);
    },
  );

  it('the example of docs/recording-format.md replays with its hash line matched', () => {
    const doc = readFileSync(new URL('../../../docs/recording-format.md', import.meta.url), 'utf8');
    const example = /```jsonl\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example, 'a ```jsonl block in docs/recording-format.md').toBeDefined();
    const result = replay(example!);
    expect(result.hashMismatches).toEqual([]);
    expect(result.hashes.map((h) => h.tick)).toEqual([90]);
  });
});
