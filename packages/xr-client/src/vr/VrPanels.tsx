import {
  CONTROL_TRANSITIONS,
  TOOLS,
  type ControlAction,
  type PresenceEntry,
  type SessionStatus,
  type Tool,
} from '@scrubin/protocol';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Group } from 'three';
import { TOOL_LABELS } from '../panels/labels.js';
import { userColor } from '../scene/user-color.js';
import type { ChatLine, ScoreView } from '../session/session-state.js';
import type { VoiceControl } from '../voice/use-voice.js';
import {
  chatLines,
  participantLines,
  scoreLines,
  statusLines,
  voiceButtonLabel,
  voiceLine,
  type VrVoiceView,
} from './panel-content.js';
import { EYES_IN_SCENE } from './stance.js';
import { VrButton, VrPanel } from './VrPanel.js';

/** What the in-world panels show and do. */
export interface VrPanelsProps {
  title: string;
  scenarioTitle: string;
  status: SessionStatus;
  /** Active time so far, seconds. */
  seconds: () => number;
  participants: readonly PresenceEntry[];
  selfId: string;
  hostId: string;
  tool: Tool | null;
  canUse: boolean;
  /** Tools the scenario calls for (marked on the tray). */
  recommended: readonly Tool[];
  onSelectTool: (tool: Tool) => void;
  /** The host's simulation controls; absent for everyone else. */
  onControl?: (action: ControlAction) => void;
  score: ScoreView | null;
  names: ReadonlyMap<string, string>;
  /** User ids speaking now. */
  speaking: ReadonlySet<string>;
  /** The session's chat (the newest lines are shown, read-only). */
  chat: readonly ChatLine[];
  /** This user's voice, shared with the HTML voice panel. */
  voice: VoiceControl;
  /** The session is being rebuilt from a restored server log. @default false */
  restoring?: boolean;
}

const CONTROLS: { action: ControlAction; label: string }[] = [
  { action: 'start', label: 'Start' },
  { action: 'pause', label: 'Pause' },
  { action: 'resume', label: 'Resume' },
  { action: 'stop', label: 'Stop' },
];
const BUTTON_W = 0.1;
const BUTTON_H = 0.036;
const GAP = 0.008;
const COLUMNS = 3;
const TRAY_W = COLUMNS * (BUTTON_W + GAP) - GAP;
/** Height of the tray's first row of instruments (the next ones go below it). */
const TOOL_ROW_Y = 0.02;
const TOOL_ROWS = Math.ceil(TOOLS.length / COLUMNS);
const HOST_ROW_Y = TOOL_ROW_Y - TOOL_ROWS * (BUTTON_H + GAP) - 0.012;
const VOICE_ROW_H = 0.056;

/** A group that turns its face (+z) to the standing user's eyes. */
function FacingGroup(props: { position: [number, number, number]; children: React.ReactNode }) {
  const group = useRef<Group>(null);
  useLayoutEffect(() => {
    group.current?.lookAt(...EYES_IN_SCENE);
  }, []);
  return (
    <group ref={group} position={props.position}>
      {props.children}
    </group>
  );
}

/** Seconds, re-read once a second (the panel's texture is redrawn only when the text changes). */
function useSeconds(seconds: () => number): number {
  const [now, setNow] = useState(() => Math.floor(seconds()));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(seconds())), 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return now;
}

/** Voice at the left hand: whether the others hear this user, and join / mute / unmute. */
function VoiceRow(props: { voice: VoiceControl; y: number }) {
  const { voice, y } = props;
  const joined = voice.joined;
  const view: VrVoiceView = {
    joined: joined !== null,
    joining: voice.joining,
    muted: joined?.snapshot.muted ?? false,
    pushToTalk: joined?.snapshot.pushToTalk ?? false,
    error: voice.error,
  };
  const labelW = TRAY_W - BUTTON_W - GAP;
  return (
    <>
      <VrPanel
        testId="vr-voice-status"
        lines={[voiceLine(view)]}
        widthM={labelW}
        heightM={VOICE_ROW_H}
        position={[-TRAY_W / 2 + labelW / 2, y, 0]}
      />
      <VrButton
        testId="vr-voice"
        label={voiceButtonLabel(view)}
        enabled={voice.available && !voice.joining}
        selected={view.muted}
        // A controller press is a user gesture, so the microphone may open from here.
        onPress={() => (joined ? joined.session.setMuted(!joined.snapshot.muted) : voice.join())}
        widthM={BUTTON_W}
        heightM={BUTTON_H}
        position={[TRAY_W / 2 - BUTTON_W / 2, y, 0]}
      />
    </>
  );
}

/**
 * The panels of a VR user, placed around where they stand: the instrument tray, the host's
 * controls and voice at their left hand; the status, the participants (who is speaking) and the
 * chat across the table; the score card there once the session is complete. Point with the left
 * controller's ray and click.
 */
export function VrPanels(props: VrPanelsProps) {
  const { status, tool, canUse, onSelectTool, onControl } = props;
  const seconds = useSeconds(props.seconds);
  const trayEnabled = canUse && status !== 'completed';

  return (
    <group>
      <FacingGroup position={[0.24, 0.16, 0.34]}>
        <VrPanel
          lines={[{ text: 'Instruments', kind: 'title' }]}
          widthM={COLUMNS * (BUTTON_W + GAP)}
          heightM={0.045}
          position={[0, 0.068, 0]}
        />
        {TOOLS.map((t, k) => (
          <VrButton
            key={t}
            testId={`vr-tool-${t}`}
            label={`${k + 1} ${TOOL_LABELS[t]}${props.recommended.includes(t) ? ' •' : ''}`}
            enabled={trayEnabled}
            selected={t === tool}
            onPress={() => onSelectTool(t)}
            widthM={BUTTON_W}
            heightM={BUTTON_H}
            position={[
              ((k % COLUMNS) - (COLUMNS - 1) / 2) * (BUTTON_W + GAP),
              TOOL_ROW_Y - Math.floor(k / COLUMNS) * (BUTTON_H + GAP),
              0,
            ]}
          />
        ))}
        {onControl &&
          CONTROLS.map(({ action, label }, k) => (
            <VrButton
              key={action}
              testId={`vr-control-${action}`}
              label={label}
              enabled={CONTROL_TRANSITIONS[action].from.includes(status)}
              onPress={() => onControl(action)}
              widthM={BUTTON_W * 0.75}
              heightM={BUTTON_H}
              position={[(k - 1.5) * (BUTTON_W * 0.75 + GAP), HOST_ROW_Y, 0]}
            />
          ))}
        <VoiceRow
          voice={props.voice}
          // Below the host's controls, or in their place.
          y={(onControl ? HOST_ROW_Y - BUTTON_H - GAP : HOST_ROW_Y) - (VOICE_ROW_H - BUTTON_H) / 2}
        />
      </FacingGroup>
      <FacingGroup position={[-0.42, 0.42, 0.2]}>
        <VrPanel
          testId="vr-panel-status"
          lines={statusLines({
            title: props.title,
            scenarioTitle: props.scenarioTitle,
            status,
            seconds,
            tool,
            canUse,
            restoring: props.restoring ?? false,
          })}
          widthM={0.3}
          heightM={0.12}
        />
      </FacingGroup>
      <FacingGroup position={[-0.42, 0.42, -0.2]}>
        <VrPanel
          testId="vr-panel-participants"
          lines={participantLines(
            props.participants,
            props.selfId,
            props.hostId,
            userColor,
            props.speaking,
          )}
          widthM={0.36}
          heightM={0.22}
        />
      </FacingGroup>
      {/* Above the anaesthesia screen. */}
      <FacingGroup position={[-0.42, 0.5, -0.62]}>
        <VrPanel
          testId="vr-panel-chat"
          lines={chatLines(props.chat, props.selfId, userColor)}
          newestLast
          widthM={0.32}
          heightM={0.22}
        />
      </FacingGroup>
      {status === 'completed' && (
        <FacingGroup position={[-0.42, 0.2, 0]}>
          <VrPanel
            testId="vr-panel-score"
            lines={scoreLines(props.score, props.names)}
            widthM={0.4}
            heightM={0.2}
          />
        </FacingGroup>
      )}
    </group>
  );
}
