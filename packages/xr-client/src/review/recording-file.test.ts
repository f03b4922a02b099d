import { readFileSync } from 'node:fs';
import { RecordingError } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import { readRecording, recordingErrorText, ReviewUnavailableError } from './recording-file.js';

const FIXTURE = new URL('../../../sim/fixtures/skin-incision-pass.jsonl', import.meta.url);

describe('readRecording', () => {
  const text = readFileSync(FIXTURE, 'utf8');

  it('reads a recording this client can replay', () => {
    const recording = readRecording(text);
    expect(recording.header.scenario).toBe('skin-incision');
    expect(recording.end?.tick).toBeGreaterThan(0);
  });

  it('names the line of a corrupt file', () => {
    const lines = text.split('\n');
    lines[2] = lines[2]!.slice(0, 20);
    let error: unknown;
    try {
      readRecording(lines.join('\n'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RecordingError);
    expect((error as RecordingError).line).toBe(3);
    expect(recordingErrorText(error)).toBe(
      'This is not a readable recording: line 3: not valid JSON (is the file truncated?)',
    );
  });

  it('refuses a recording of another simulation version on its header line', () => {
    const other = text.replace(/"simVersion":"[^"]+"/, '"simVersion":"0.0.1"');
    expect(() => readRecording(other)).toThrow(/line 1: recorded with simulation 0\.0\.1/);
  });

  it('refuses an end line before the last event, naming the end line', () => {
    const lines = text.trimEnd().split('\n');
    lines[lines.length - 1] = lines.at(-1)!.replace(/"tick":\d+/, '"tick":10');
    expect(() => readRecording(lines.join('\n'))).toThrow(
      new RegExp(`^line ${lines.length}: end tick 10 is before the last event's tick`),
    );
  });

  it('words failures for people', () => {
    expect(recordingErrorText(new ReviewUnavailableError('Not yet.'))).toBe('Not yet.');
    expect(recordingErrorText({ code: 'SESSION_NOT_FOUND', message: 'x' })).toMatch(/session/i);
  });
});
