import type {
  CursorUpdatePayload,
  TissueInteractPayload,
  ToolInteractPayload,
} from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import {
  InstrumentSender,
  createLocalInstrument,
  requestPuncture,
  requestTie,
} from './local-instrument.js';

function harness() {
  const cursors: CursorUpdatePayload[] = [];
  const actions: ToolInteractPayload[] = [];
  const tissue: TissueInteractPayload[] = [];
  const sender = new InstrumentSender({
    cursor: (pose) => cursors.push(pose),
    toolInteract: (payload) => {
      actions.push(payload);
      return Promise.resolve();
    },
    tissueInteract: (payload) => {
      tissue.push(payload);
      return Promise.resolve();
    },
  });
  const state = createLocalInstrument();
  state.tracked = true;
  state.canUse = true;
  return { cursors, actions, tissue, sender, state };
}

describe('InstrumentSender', () => {
  it('shares the cursor at most 30 times a second, and only changes unless the simulation runs', () => {
    const { cursors, sender, state } = harness();
    sender.update(state, 0, false);
    sender.update(state, 10, false);
    expect(cursors).toHaveLength(1);
    sender.update(state, 100, false);
    expect(cursors).toHaveLength(1);
    state.position[0] = 0.01;
    sender.update(state, 110, false);
    expect(cursors).toHaveLength(2);
    sender.update(state, 150, true);
    sender.update(state, 190, true);
    expect(cursors).toHaveLength(4);
  });

  it('sends no instrument events unless the simulation is active', () => {
    const { actions, sender, state } = harness();
    state.tool = 'scalpel';
    state.position[1] = -0.002;
    state.active = true;
    sender.update(state, 0, false);
    expect(actions).toEqual([]);
  });

  it('activates, sends poses at most 30 Hz while active, then deactivates', () => {
    const { actions, sender, state } = harness();
    state.tool = 'scalpel';
    state.position[1] = 0.02;
    sender.update(state, 0, true);
    expect(actions).toEqual([]);
    state.active = true;
    sender.update(state, 10, true);
    expect(actions.map((a) => a.action)).toEqual(['activate']);
    state.position[0] = 0.001;
    sender.update(state, 20, true);
    expect(actions).toHaveLength(1);
    sender.update(state, 50, true);
    expect(actions.map((a) => a.action)).toEqual(['activate', 'pose']);
    expect(actions[1]!.pose!.position).toEqual([0.001, 0.02, 0]);
    // Still: nothing new.
    sender.update(state, 200, true);
    expect(actions).toHaveLength(2);
    state.active = false;
    sender.update(state, 210, true);
    expect(actions.map((a) => a.action)).toEqual(['activate', 'pose', 'deactivate']);
  });

  it('sends poses near the tissue while inactive, and none high above it', () => {
    const { actions, sender, state } = harness();
    state.tool = 'forceps';
    state.position[1] = 0.005;
    sender.update(state, 0, true);
    expect(actions.map((a) => a.action)).toEqual(['pose']);
    state.position[1] = 0.05;
    sender.update(state, 100, true);
    expect(actions).toHaveLength(1);
  });

  it('closes and opens jaws instead of activating', () => {
    const { actions, sender, state } = harness();
    state.tool = 'forceps';
    state.position[1] = 0.001;
    state.active = true;
    sender.update(state, 0, true);
    state.active = false;
    sender.update(state, 100, true);
    expect(actions.map((a) => [a.action, a.jaw])).toEqual([
      ['close', 0],
      ['open', 1],
    ]);
  });

  it('shares no instrument for a user who may not use one', () => {
    const { actions, cursors, sender, state } = harness();
    state.canUse = false;
    state.tool = 'scalpel';
    state.position[1] = -0.001;
    state.active = true;
    sender.update(state, 0, true);
    expect(actions).toEqual([]);
    expect(cursors[0]!.tool).toBeUndefined();
  });

  it('passes the needle at the tip when asked at or below the surface', () => {
    const { tissue, sender, state } = harness();
    state.tool = 'needle-driver';
    state.position[0] = 0.01;
    state.position[1] = -0.002;
    state.position[2] = -0.003;
    expect(requestPuncture(state)).toBe(true);
    sender.update(state, 0, true);
    expect(tissue).toEqual([
      { tool: 'needle-driver', action: 'puncture', points: [[0.01, -0.002, -0.003]] },
    ]);
    // The request is consumed: no second puncture.
    sender.update(state, 100, true);
    expect(tissue).toHaveLength(1);
    // Exactly at the surface counts too (the exit of a bite).
    state.position[0] = -0.01;
    state.position[1] = 0;
    expect(requestPuncture(state)).toBe(true);
    sender.update(state, 200, true);
    expect(tissue.map((t) => [t.action, t.points[0]])).toEqual([
      ['puncture', [0.01, -0.002, -0.003]],
      ['puncture', [-0.01, 0, -0.003]],
    ]);
  });

  it('refuses a puncture above the surface, with another tool, or for an observer', () => {
    const { tissue, sender, state } = harness();
    state.tool = 'needle-driver';
    state.position[1] = 0.003;
    expect(requestPuncture(state)).toBe(false);
    state.position[1] = -0.001;
    state.tool = 'forceps';
    expect(requestPuncture(state)).toBe(false);
    state.tool = 'needle-driver';
    state.canUse = false;
    expect(requestPuncture(state)).toBe(false);
    // Even a stale request is dropped once the tip rose above the surface.
    state.canUse = true;
    state.punctureRequested = true;
    state.position[1] = 0.003;
    sender.update(state, 0, true);
    expect(tissue).toEqual([]);
    expect(state.punctureRequested).toBe(false);
  });

  it('ties the latest bite at the tip with the tool in hand', () => {
    const { tissue, sender, state } = harness();
    state.tool = 'needle-driver';
    state.position[1] = 0.004;
    expect(requestTie(state)).toBe(true);
    sender.update(state, 0, true);
    expect(tissue).toEqual([{ tool: 'needle-driver', action: 'tie', points: [[0, 0.004, 0]] }]);
    state.tool = null;
    expect(requestTie(state)).toBe(false);
  });

  it('drops suturing requests while the simulation is not active', () => {
    const { tissue, sender, state } = harness();
    state.tool = 'needle-driver';
    state.position[1] = -0.001;
    requestPuncture(state);
    requestTie(state);
    sender.update(state, 0, false);
    sender.update(state, 100, true);
    expect(tissue).toEqual([]);
  });
});
