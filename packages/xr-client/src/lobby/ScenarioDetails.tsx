import type { Scenario } from '../app/types.js';
import { capitalize } from './session-labels.js';

/** What a scenario asks of the team: its description, difficulty, size, time and instruments. */
export function ScenarioDetails(props: { scenario: Scenario; id: string }) {
  const { scenario } = props;
  const minutes = Math.round(scenario.timeLimitS / 60);
  return (
    <div className="scenario-details" id={props.id} data-testid="create-scenario-details">
      <p>{scenario.description}</p>
      <ul className="facts">
        <li>
          <span className={`badge difficulty-${scenario.difficulty}`}>
            {capitalize(scenario.difficulty)}
          </span>
        </li>
        <li>
          {scenario.recommendedParticipants} recommended{' '}
          {scenario.recommendedParticipants === 1 ? 'participant' : 'participants'}
        </li>
        <li>{minutes} min limit</li>
        <li>{scenario.tools.map((tool) => tool.replace('-', ' ')).join(', ')}</li>
      </ul>
    </div>
  );
}
