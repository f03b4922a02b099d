/** A one-line progress bar redrawn in place on a terminal; silent anywhere else. */
export interface ProgressBar {
  /** Whether anything is drawn (the stream is a terminal): skip the work of reporting otherwise. */
  readonly active: boolean;
  /** Redraws the bar at `done` of `total`, with an optional note after it. */
  update(done: number, total: number, note?: string): void;
  /** Clears the line (the bar is transient: what stays on screen is the result). */
  done(): void;
}

/** Columns of the bar itself. @default 30 */
const BAR_WIDTH = 30;
/** Least time between redraws, milliseconds, so a fast replay is not slowed by drawing. */
const REDRAW_MS = 50;

/**
 * A progress bar on `stream` when it is a terminal (`isTTY`); otherwise one that draws nothing.
 * @example
 * const bar = createProgressBar(process.stderr, 'replaying');
 * replay(text, { onProgress: (tick, total) => bar.update(tick, total, `tick ${tick}`) });
 * bar.done();
 */
export function createProgressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  now: () => number = Date.now,
): ProgressBar {
  if (!stream.isTTY) return { active: false, update() {}, done() {} };
  let last = -Infinity;
  let drawn = false;
  return {
    active: true,
    update(done, total, note) {
      const t = now();
      if (done < total && t - last < REDRAW_MS) return;
      last = t;
      const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
      const filled = Math.round(share * BAR_WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      const pct = `${Math.floor(share * 100)}%`.padStart(4);
      stream.write(`\r\u001b[2K${label} ${bar} ${pct}${note ? `  ${note}` : ''}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
