import type { Tool } from '@scrubin/protocol';
import { describeDepth } from '../scene/pose.js';

/** The tip's depth and the desktop keys, over the scene. */
export function InstrumentHud(props: { heightM: number; canUse: boolean; tool: Tool | null }) {
  const { heightM, canUse, tool } = props;
  return (
    <div className="hud" aria-live="off">
      <p className="hud__depth" data-testid="instrument-depth">
        Tip:{' '}
        <strong className={heightM < 0 ? 'hud__deep' : undefined}>{describeDepth(heightM)}</strong>
      </p>
      {canUse && tool === 'needle-driver' && (
        <p className="hud__hint" data-testid="suture-hint">
          Click below the surface to pass the needle; T ties the last bite
        </p>
      )}
      <p className="hud__keys">
        {canUse
          ? tool === 'needle-driver'
            ? 'Move the mouse over the tissue · W/S or wheel: depth · click or Space: pass the needle · T: tie · right-drag: look around'
            : tool !== null
              ? 'Move the mouse over the tissue · W/S or wheel: depth · hold Space: cut / close jaws · right-drag: look around'
              : 'Pick an instrument (1–6) · right-drag: look around'
          : 'Observing · right-drag: look around'}
      </p>
    </div>
  );
}
