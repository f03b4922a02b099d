import type { Recording } from '@scrubin/protocol';
import { useId, useState, type ChangeEvent } from 'react';
import { ErrorMessage } from './ErrorMessage.js';

/**
 * "Open a recording file…": reads a `.jsonl` recording in the browser (nothing is uploaded) and
 * opens its review; a file that cannot be read shows why, with the line at fault.
 */
export function OpenRecording(props: { onOpen(fileName: string, recording: Recording): void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const ids = useId();

  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    setPending(true);
    setError(null);
    try {
      // The parser comes with the review's code, loaded now.
      const { readRecordingFile, recordingErrorText } = await import('../review/recording-file.js');
      try {
        props.onOpen(file.name, await readRecordingFile(file));
      } catch (err) {
        setError(`${file.name}: ${recordingErrorText(err)}`);
      }
    } catch {
      setError('The review could not be loaded. Check your connection and reload the page.');
    } finally {
      setPending(false);
      // Choosing the same file again after fixing it must fire a change.
      input.value = '';
    }
  };

  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Review a recording</h2>
      <p className="hint" id={`${ids}-hint`}>
        Replay a session recording (<code>.jsonl</code>) saved with the CLI or downloaded from the
        platform. It is read in this browser, not uploaded.
      </p>
      <label className="field">
        <span>Open a recording file…</span>
        <input
          type="file"
          accept=".jsonl,application/jsonl,application/x-ndjson"
          data-testid="open-recording"
          aria-describedby={`${ids}-hint`}
          aria-busy={pending}
          onChange={(event) => void onChange(event)}
        />
      </label>
      <ErrorMessage message={error} testId="open-recording-error" />
    </section>
  );
}
