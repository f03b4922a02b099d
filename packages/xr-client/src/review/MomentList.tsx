import { memo } from 'react';
import type { ReviewMoment } from './moments.js';
import { formatTicks } from './timeline.js';

/** The key moments as a list: each one moves the play head to it. */
export const MomentList = memo(function MomentList(props: {
  moments: readonly ReviewMoment[];
  /** How far the search for moments has got, 0–1. */
  analysed: number;
  onJump(tick: number): void;
}) {
  const { moments, analysed } = props;
  return (
    <section className="panel review-moments" aria-labelledby="review-moments-heading">
      <h2 id="review-moments-heading" className="panel__heading">
        Key moments
      </h2>
      {analysed < 1 && (
        <p className="hint" role="status" data-testid="review-analysing">
          Finding key moments… {Math.round(analysed * 100)}%
        </p>
      )}
      {analysed >= 1 && moments.length === 0 && <p className="hint">Nothing notable happened.</p>}
      <ol className="review-moments__list">
        {moments.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={`review-moment review-moment--${m.tone}`}
              data-testid="review-moment"
              data-kind={m.kind}
              data-tick={m.tick}
              onClick={() => props.onJump(m.tick)}
            >
              <span className="review-moment__time">{formatTicks(m.tick)}</span>
              <span>
                {m.label}
                {m.count > 1 && <span className="review-moment__count"> ×{m.count}</span>}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
});
