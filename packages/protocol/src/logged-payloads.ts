import type { SequencedPayloads, TissueInteractPayload, ToolInteractPayload } from './events.js';
import {
  dequantizeQuaternion,
  micrometresToMetres,
  quantizePoint,
  quantizeQuaternion,
} from './quantize.js';

/**
 * Instrument events between the wire (metres, float quaternions, newtons) and the log (integer
 * micrometres, int16 quaternions, millinewtons), both ways: the server logs what clients send,
 * and a replay into a live session sends what the log holds.
 */

type LoggedTool = SequencedPayloads['tool-interaction'];
type LoggedTissue = SequencedPayloads['tissue-update'];

/** `surgery:tool-interact` as the log keeps it. */
export function loggedToolInteraction(p: ToolInteractPayload): LoggedTool {
  const logged: LoggedTool = { tool: p.tool, action: p.action };
  if (p.pose) {
    logged.pose = {
      positionUm: quantizePoint(p.pose.position),
      rotationQ: quantizeQuaternion(p.pose.rotation),
    };
  }
  if (p.jaw !== undefined) logged.jaw = Math.round(p.jaw * 1000);
  return logged;
}

/** A logged tool interaction as `surgery:tool-interact` sends it. */
export function toolInteractOfLogged(p: LoggedTool): ToolInteractPayload {
  return {
    tool: p.tool,
    action: p.action,
    ...(p.pose && {
      pose: {
        position: micrometresToMetres(p.pose.positionUm),
        rotation: dequantizeQuaternion(p.pose.rotationQ),
      },
    }),
    ...(p.jaw !== undefined && { jaw: p.jaw / 1000 }),
  };
}

/** `surgery:tissue-interact` as the log keeps it. */
export function loggedTissueUpdate(p: TissueInteractPayload): LoggedTissue {
  const logged: LoggedTissue = {
    tool: p.tool,
    action: p.action,
    pointsUm: p.points.map(quantizePoint),
  };
  if (p.depth !== undefined) logged.depthUm = Math.round(p.depth * 1e6);
  if (p.force !== undefined) logged.forceMn = Math.round(p.force * 1000);
  return logged;
}

/** A logged tissue update as `surgery:tissue-interact` sends it. */
export function tissueInteractOfLogged(p: LoggedTissue): TissueInteractPayload {
  return {
    tool: p.tool,
    action: p.action,
    points: p.pointsUm.map(micrometresToMetres),
    ...(p.depthUm !== undefined && { depth: p.depthUm / 1e6 }),
    ...(p.forceMn !== undefined && { force: p.forceMn / 1000 }),
  };
}
