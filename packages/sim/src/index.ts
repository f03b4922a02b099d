export { SCENARIO_CATALOGUE, findScenario, type ScenarioInfo } from './scenarios.js';
