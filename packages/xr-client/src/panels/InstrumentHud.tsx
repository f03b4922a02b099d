import { describeDepth } from '../scene/pose.js';

/** The tip's depth and the desktop keys, over the scene. */
export function InstrumentHud(props: { heightM: number; canUse: boolean; hasTool: boolean }) {
  const { heightM, canUse, hasTool } = props;
  return (
    <div className="hud" aria-live="off">
      <p className="hud__depth" data-testid="instrument-depth">
        Tip:{' '}
        <strong className={heightM < 0 ? 'hud__deep' : undefined}>{describeDepth(heightM)}</strong>
      </p>
      <p className="hud__keys">
        {canUse
          ? hasTool
            ? 'Move the mouse over the tissue · W/S or wheel: depth · hold Space: cut / close jaws · right-drag: look around'
            : 'Pick an instrument (1–6) · right-drag: look around'
          : 'Observing · right-drag: look around'}
      </p>
    </div>
  );
}
