/**
 * What peers send each other in `surgery:voice-signal` `data`: a mesh control word, a session
 * description (offer or answer) or an ICE candidate.
 */
export type VoiceSignal =
  /** `hello`: I joined voice; `welcome`: I am in voice too; `bye`: I left voice. */
  | { voice: 'hello' | 'welcome' | 'bye' }
  | { description: RTCSessionDescriptionInit }
  | { candidate: RTCIceCandidateInit };

const CONTROL_WORDS = new Set(['hello', 'welcome', 'bye']);
const DESCRIPTION_TYPES = new Set(['offer', 'answer', 'pranswer', 'rollback']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a signal another participant sent; undefined when it is not one (it is ignored). */
export function parseVoiceSignal(data: Record<string, unknown>): VoiceSignal | undefined {
  const { voice, description, candidate } = data;
  if (typeof voice === 'string') {
    return CONTROL_WORDS.has(voice) ? { voice: voice as 'hello' | 'welcome' | 'bye' } : undefined;
  }
  if (isRecord(description)) {
    const { type, sdp } = description;
    if (typeof type !== 'string' || !DESCRIPTION_TYPES.has(type)) return undefined;
    if (sdp !== undefined && typeof sdp !== 'string') return undefined;
    return { description: { type: type as RTCSdpType, sdp } };
  }
  if (isRecord(candidate)) {
    const { candidate: line, sdpMid, sdpMLineIndex, usernameFragment } = candidate;
    if (typeof line !== 'string') return undefined;
    return {
      candidate: {
        candidate: line,
        sdpMid: typeof sdpMid === 'string' ? sdpMid : null,
        sdpMLineIndex: typeof sdpMLineIndex === 'number' ? sdpMLineIndex : null,
        usernameFragment: typeof usernameFragment === 'string' ? usernameFragment : null,
      },
    };
  }
  return undefined;
}
