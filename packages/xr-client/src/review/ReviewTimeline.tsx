import { SIM_TICK_HZ } from '@scrubin/sim';
import { useId, type KeyboardEvent } from 'react';
import type { ReviewMoment } from './moments.js';
import type { ReviewSnapshot } from './review-player.js';
import { PLAYBACK_SPEEDS, formatTicks, timelinePercent, type PlaybackSpeed } from './timeline.js';

/** Arrow keys on the scrubber move this far, ticks (1 s); Page Up/Down ten times as far. */
const KEY_STEP_TICKS = SIM_TICK_HZ;

/** Play/pause, the scrubber with the key moments marked on it, speed, and the time. */
export function ReviewTimeline(props: {
  snapshot: ReviewSnapshot;
  onPlay(): void;
  onPause(): void;
  onSeek(tick: number): void;
  onSpeed(speed: PlaybackSpeed): void;
}) {
  const { snapshot, onSeek } = props;
  const { tick, endTick, playing, speed, moments } = snapshot;
  const ids = useId();
  const time = `${formatTicks(tick)} / ${formatTicks(endTick)}`;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === ' ') {
      event.preventDefault();
      if (playing) props.onPause();
      else props.onPlay();
      return;
    }
    const steps: Record<string, number> = {
      ArrowLeft: -1,
      ArrowDown: -1,
      ArrowRight: 1,
      ArrowUp: 1,
      PageDown: -10,
      PageUp: 10,
    };
    const step = steps[event.key];
    if (step === undefined) return;
    event.preventDefault();
    onSeek(tick + step * KEY_STEP_TICKS);
  };

  return (
    <section className="review-timeline" aria-label="Timeline">
      <button
        type="button"
        className="review-timeline__play"
        data-testid="review-play"
        onClick={playing ? props.onPause : props.onPlay}
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <div className="review-timeline__track">
        <label htmlFor={`${ids}-scrub`} className="visually-hidden">
          Play head
        </label>
        <input
          id={`${ids}-scrub`}
          type="range"
          min={0}
          max={endTick}
          step={1}
          value={tick}
          data-testid="review-scrub"
          aria-valuetext={`${formatTicks(tick)} of ${formatTicks(endTick)}`}
          onKeyDown={onKeyDown}
          onChange={(event) => onSeek(Number(event.target.value))}
        />
        <div className="review-timeline__marks" aria-hidden="true">
          {moments.map((m) => (
            <Mark key={m.id} moment={m} endTick={endTick} />
          ))}
        </div>
      </div>
      <span className="review-timeline__time" data-testid="review-time">
        {time}
      </span>
      <label className="review-timeline__speed">
        <span className="visually-hidden">Playback speed</span>
        <select
          value={speed}
          data-testid="review-speed"
          onChange={(event) => props.onSpeed(Number(event.target.value) as PlaybackSpeed)}
        >
          {PLAYBACK_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <p className="review-timeline__seek" role="status" data-testid="review-seek">
        {snapshot.seekProgress !== null
          ? `Catching up with the play head… ${Math.round(snapshot.seekProgress * 100)}%`
          : ''}
      </p>
    </section>
  );
}

function Mark(props: { moment: ReviewMoment; endTick: number }) {
  const { moment, endTick } = props;
  return (
    <span
      className={`review-mark review-mark--${moment.tone}`}
      data-testid="review-mark"
      data-kind={moment.kind}
      style={{ left: `${timelinePercent(moment.tick, endTick)}%` }}
      title={`${formatTicks(moment.tick)} ${moment.label}`}
    />
  );
}
