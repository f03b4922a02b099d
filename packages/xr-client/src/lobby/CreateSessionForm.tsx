import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CreateSessionRequest } from '@scrubin/sdk';
import type { Scenario } from '../app/types.js';
import { ErrorMessage } from './ErrorMessage.js';
import { ScenarioDetails } from './ScenarioDetails.js';

/** Seats of a new session: the host counts as one. */
export const MIN_SEATS = 1;
export const MAX_SEATS = 16;
export const DEFAULT_SEATS = 6;

type Field = 'title' | 'max';

/** The Create Session form: title, description, scenario, seats, invite-only. */
export function CreateSessionForm(props: {
  scenarios: Scenario[] | null;
  pending: boolean;
  error?: string;
  onCreate(body: CreateSessionRequest): Promise<boolean>;
  onInvalid(message: string): void;
}) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [scenarioId, setScenarioId] = useState<Scenario['id'] | ''>('');
  const [max, setMax] = useState(String(DEFAULT_SEATS));
  const [inviteOnly, setInviteOnly] = useState(false);
  const [invalid, setInvalid] = useState<Field | null>(null);
  const refs = { title: useRef<HTMLInputElement>(null), max: useRef<HTMLInputElement>(null) };
  const ids = useId();

  const firstScenario = props.scenarios?.[0]?.id;
  useEffect(() => {
    if (scenarioId === '' && firstScenario) setScenarioId(firstScenario);
  }, [scenarioId, firstScenario]);
  const scenario = props.scenarios?.find((s) => s.id === scenarioId);

  const reject = (field: Field, message: string) => {
    setInvalid(field);
    props.onInvalid(message);
    refs[field].current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.pending || !scenario) return;
    const seats = Number(max);
    if (title.trim() === '') return reject('title', 'Give the session a title.');
    if (!Number.isInteger(seats) || seats < MIN_SEATS || seats > MAX_SEATS) {
      return reject('max', `Seats must be a whole number from ${MIN_SEATS} to ${MAX_SEATS}.`);
    }
    setInvalid(null);
    const created = await props.onCreate({
      title: title.trim(),
      description: description.trim(),
      scenario: scenario.id,
      maxParticipants: seats,
      inviteOnly,
    });
    if (created) setTitle('');
  };

  const errorFor = (field: Field) => (invalid === field && props.error ? `${ids}-err` : undefined);

  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Create a session</h2>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>Title</span>
          <input
            ref={refs.title}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={120}
            required
            placeholder="Tuesday suturing practice"
            aria-invalid={invalid === 'title'}
            aria-describedby={errorFor('title')}
            data-testid="create-title"
          />
        </label>
        <label className="field">
          <span>
            Description <span className="optional">(optional)</span>
          </span>
          <textarea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={2000}
            rows={2}
            data-testid="create-description"
          />
        </label>
        <label className="field">
          <span>Scenario</span>
          <select
            value={scenarioId}
            onChange={(e) => setScenarioId(e.target.value as Scenario['id'])}
            disabled={!props.scenarios}
            aria-describedby={scenario ? `${ids}-scenario` : undefined}
            data-testid="create-scenario"
          >
            {props.scenarios ? null : <option value="">Loading scenarios…</option>}
            {props.scenarios?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        {scenario ? <ScenarioDetails scenario={scenario} id={`${ids}-scenario`} /> : null}
        <div className="row">
          <label className="field narrow">
            <span>Seats</span>
            <input
              ref={refs.max}
              type="number"
              inputMode="numeric"
              min={MIN_SEATS}
              max={MAX_SEATS}
              step={1}
              value={max}
              onChange={(e) => setMax(e.target.value)}
              aria-invalid={invalid === 'max'}
              aria-describedby={[`${ids}-max-hint`, errorFor('max')].filter(Boolean).join(' ')}
              data-testid="create-max"
            />
            <small id={`${ids}-max-hint`} className="hint">
              {MIN_SEATS}–{MAX_SEATS}, you included
            </small>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={inviteOnly}
              onChange={(e) => setInviteOnly(e.target.checked)}
              aria-describedby={`${ids}-invite-hint`}
              data-testid="create-invite-only"
            />
            <span>Invite-only</span>
          </label>
        </div>
        <small id={`${ids}-invite-hint`} className="hint">
          Invite-only sessions are not listed publicly: people join with the link or the code.
        </small>
        <ErrorMessage message={props.error} id={`${ids}-err`} />
        <button
          type="submit"
          className="primary"
          aria-disabled={props.pending || !scenario}
          data-testid="create-submit"
        >
          {props.pending ? 'Creating…' : 'Create session'}
        </button>
      </form>
    </section>
  );
}
