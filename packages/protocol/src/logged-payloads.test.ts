import { describe, expect, it } from 'vitest';
import {
  loggedTissueUpdate,
  loggedToolInteraction,
  tissueInteractOfLogged,
  toolInteractOfLogged,
} from './logged-payloads.js';

describe('instrument events between the wire and the log', () => {
  it('logs a tool interaction in micrometres, int16 quaternions and thousandths of the jaw', () => {
    const logged = loggedToolInteraction({
      tool: 'forceps',
      action: 'close',
      pose: { position: [0.0123456, -0.0025, 0.1], rotation: [0, 0, 0, 2] },
      jaw: 0.25,
    });
    expect(logged).toEqual({
      tool: 'forceps',
      action: 'close',
      pose: { positionUm: [12346, -2500, 100000], rotationQ: [0, 0, 0, 32767] },
      jaw: 250,
    });
    expect(toolInteractOfLogged(logged)).toEqual({
      tool: 'forceps',
      action: 'close',
      pose: { position: [0.012346, -0.0025, 0.1], rotation: [0, 0, 0, 1] },
      jaw: 0.25,
    });
    // Logging what a replay sends gives the same entry back.
    expect(loggedToolInteraction(toolInteractOfLogged(logged))).toEqual(logged);
  });

  it('leaves out what the event did not carry', () => {
    expect(loggedToolInteraction({ tool: 'scalpel', action: 'activate' })).toEqual({
      tool: 'scalpel',
      action: 'activate',
    });
    expect(toolInteractOfLogged({ tool: 'scalpel', action: 'activate' })).toEqual({
      tool: 'scalpel',
      action: 'activate',
    });
  });

  it('logs a tissue update and sends it back the same', () => {
    const logged = loggedTissueUpdate({
      tool: 'scalpel',
      action: 'cut',
      points: [
        [0, 0, 0],
        [0.01, 0, 0.0005],
      ],
      depth: 0.002,
      force: 1.5,
    });
    expect(logged).toEqual({
      tool: 'scalpel',
      action: 'cut',
      pointsUm: [
        [0, 0, 0],
        [10000, 0, 500],
      ],
      depthUm: 2000,
      forceMn: 1500,
    });
    expect(loggedTissueUpdate(tissueInteractOfLogged(logged))).toEqual(logged);
  });
});
