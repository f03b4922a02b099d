import { useEffect, useRef } from 'react';
import type { ScoreView } from '../session/session-state.js';
import { ROLE_LABELS, SUB_SCORE_LABELS } from './labels.js';

const ORDER = ['precision', 'depth', 'efficiency', 'smoothness', 'tissueRespect'];

/** After completion: each participant's total, pass or fail, and sub-scores. */
export function ScoreCard(props: {
  score: ScoreView | null;
  names: ReadonlyMap<string, string>;
  onClose?: () => void;
  /** Opens the after-action review of this session (offered once the score is in). */
  onReview?: () => void;
}) {
  const { score, names, onClose, onReview } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Take focus to the results unless the user is busy in a field or a control.
    const active = document.activeElement;
    if (!active || active === document.body || active.tagName === 'CANVAS')
      heading.current?.focus();
  }, []);
  const subNames = score
    ? [
        ...ORDER.filter((k) => score.participants.some((p) => k in p.subScores)),
        ...[...new Set(score.participants.flatMap((p) => Object.keys(p.subScores)))].filter(
          (k) => !ORDER.includes(k),
        ),
      ]
    : [];
  return (
    <section className="score-card" data-testid="score-card" aria-labelledby="score-heading">
      <h2 id="score-heading" tabIndex={-1} ref={heading}>
        Results
        {score && score.score !== null && (
          <span className="score-card__total"> · team {Math.round(score.score)}</span>
        )}
      </h2>
      {!score && <p role="status">Scoring the session…</p>}
      {score && score.participants.length === 0 && (
        <p>Nobody used an instrument, so there is nothing to score.</p>
      )}
      {score && score.participants.length > 0 && (
        // Scrolls sideways inside the card when the window is too narrow for every column.
        <div
          className="score-card__scroll"
          role="region"
          aria-label="Scores per participant"
          tabIndex={0}
        >
          <table className="score-card__table">
            <caption className="visually-hidden">Scores per participant, 0–100</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Total</th>
                <th scope="col">Result</th>
                {subNames.map((k) => (
                  <th scope="col" key={k} className="score-card__sub">
                    {SUB_SCORE_LABELS[k] ?? k}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {score.participants.map((p) => (
                <tr key={p.userId} data-testid={`score-${p.userId}`}>
                  <th scope="row">
                    {p.name ?? names.get(p.userId) ?? p.userId}
                    {p.role && <span className="score-card__role"> · {ROLE_LABELS[p.role]}</span>}
                  </th>
                  <td>{Math.round(p.total)}</td>
                  <td className={p.pass ? 'score-card__pass' : 'score-card__fail'}>
                    {p.pass ? 'Pass' : 'Fail'}
                    {p.criticalErrors && p.criticalErrors.length > 0 && (
                      <span className="score-card__critical"> ({p.criticalErrors.join(', ')})</span>
                    )}
                  </td>
                  {subNames.map((k) => (
                    <td key={k}>
                      {p.subScores[k] === undefined ? '–' : Math.round(p.subScores[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(onReview || onClose) && (
        <div className="score-card__actions">
          {onReview && score && (
            <button
              type="button"
              className="button button--small"
              data-testid="score-review"
              onClick={onReview}
            >
              Open the review
            </button>
          )}
          {onClose && (
            <button type="button" className="button button--quiet button--small" onClick={onClose}>
              Hide
            </button>
          )}
        </div>
      )}
    </section>
  );
}
