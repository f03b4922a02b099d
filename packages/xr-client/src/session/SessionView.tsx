import type { ScenarioId, Tool } from '@scrubin/protocol';
import { SCENARIOS, type TierId } from '@scrubin/sim';
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { client } from '../api/client.js';
import type { User } from '../app/types.js';
import { ChatPanel } from '../panels/ChatPanel.js';
import { HostControls } from '../panels/HostControls.js';
import { InstrumentHud } from '../panels/InstrumentHud.js';
import { ParticipantsPanel, type ParticipantActions } from '../panels/ParticipantsPanel.js';
import { ScoreCard } from '../panels/ScoreCard.js';
import { StatusBar } from '../panels/StatusBar.js';
import { ToolPalette } from '../panels/ToolPalette.js';
import { AdaptiveResolution } from '../scene/AdaptiveResolution.js';
import { DesktopControls } from '../scene/DesktopControls.js';
import { FrameProbe } from '../scene/FrameProbe.js';
import { OperatingScene } from '../scene/OperatingScene.js';
import { OrbitCamera } from '../scene/OrbitCamera.js';
import { renderQuality } from '../scene/render-quality.js';
import { SceneCanvas } from '../scene/SceneCanvas.js';
import { userColor } from '../scene/user-color.js';
import { errorFor } from './error-text.js';
import { SessionController } from './session-controller.js';
import {
  RESTORING_TEXT,
  initialSessionState,
  sessionReducer,
  type SessionError,
} from './session-state.js';
import { testHookEnabled } from './test-hook.js';
import { useInstrumentSender } from './use-instrument-sender.js';
import { EnterVrButton } from '../vr/EnterVrButton.js';
import { useVrMode } from '../vr/use-vr-mode.js';
import { useSpeaking, useSpeakingStore } from '../voice/speaking-store.js';
import { useVoice } from '../voice/use-voice.js';
import { VoicePanel } from '../voice/VoicePanel.js';
import './session.css';

/** How long a notice stays up, ms. */
const NOTICE_MS = 6000;

const ERROR_TITLES: Record<string, string> = {
  FORBIDDEN: 'You are no longer in this session',
  SESSION_ENDED: 'This session has ended',
  SESSION_NOT_FOUND: 'Session not found',
  UNAUTHENTICATED: 'Signed out',
};

function SessionErrorPanel(props: { error: SessionError; onLeave: () => void }) {
  const { error, onLeave } = props;
  return (
    <div className="session-error" role="alert" data-testid="session-error" data-code={error.code}>
      <h2>{ERROR_TITLES[error.code] ?? 'The session is unavailable'}</h2>
      <p>{error.message}</p>
      <button type="button" className="primary" onClick={onLeave}>
        Back to the lobby
      </button>
    </div>
  );
}

/**
 * One live session: the shared operating scene with HTML panels over it. Joins with the seat the
 * user already holds, replays the whole log into the simulation worker, and keeps the panels'
 * state in a reducer fed by the SDK's ordered events. Leaving closes the connection but keeps the
 * seat (the server holds it for a while).
 */
export function SessionView(props: {
  sessionId: string;
  user: User;
  onLeave(): void;
  /** Opens the review of this session once it is complete. */
  onReview?(sessionId: string): void;
}) {
  const { sessionId, user, onLeave, onReview } = props;
  const [state, dispatch] = useReducer(sessionReducer, user.id, initialSessionState);
  const [controller, setController] = useState<SessionController | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [tool, setTool] = useState<Tool | null>(null);
  const [heightM, setHeightM] = useState(0.005);
  const [scoreHidden, setScoreHidden] = useState(false);
  const quality = useMemo(renderQuality, []);
  const vr = useVrMode();

  useEffect(() => {
    const c = new SessionController({
      client,
      sessionId,
      selfId: user.id,
      dispatch,
      notify: setNotice,
      testHook: testHookEnabled(),
    });
    setController(c);
    void c.start();
    return () => c.dispose();
  }, [sessionId, user.id]);

  useInstrumentSender(controller);
  const speakingStore = useSpeakingStore(controller?.live);
  const speaking = useSpeaking(speakingStore);
  const rtcConfig = useCallback(() => client.rtcConfig(), []);
  const voice = useVoice({
    live: controller?.live,
    selfId: user.id,
    rtcConfig,
    speaking: speakingStore,
  });

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const { session, status, role, participants, phase, error, score } = state;
  const isHost = session !== null && session.creatorId === user.id;
  const canUse = role === 'surgeon' || role === 'assistant';
  const live = phase === 'joined' || phase === 'reconnecting';

  const leave = useCallback(() => {
    controller?.dispose();
    onLeave();
  }, [controller, onLeave]);

  const report = useCallback((err: unknown) => setNotice(errorFor(err).message), []);

  const selectTool = useCallback(
    (next: Tool) => {
      if (!controller) return;
      setTool(next);
      controller.selectTool(next).catch((err: unknown) => {
        setTool(controller.local.tool);
        report(err);
      });
    },
    [controller, report],
  );

  const participantActions = useMemo<ParticipantActions | undefined>(
    () =>
      isHost && controller
        ? {
            changeRole: (userId, r) => controller.changeRole(userId, r),
            remove: (userId) => controller.removeParticipant(userId),
          }
        : undefined,
    [isHost, controller],
  );

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of session?.collaborativeData.participants ?? []) map.set(p.userId, p.name);
    for (const p of participants) map.set(p.userId, p.name);
    return map;
  }, [session, participants]);

  const seconds = useCallback(
    () => (controller ? controller.clock.seconds(performance.now()) : 0),
    [controller],
  );

  const scenarioId = session?.scenario as ScenarioId | undefined;
  const scenario = scenarioId ? SCENARIOS[scenarioId] : undefined;
  const bridge = controller?.bridge;

  return (
    <div className="session-view">
      {session && scenario && bridge && controller && live && (
        <div className="session-scene">
          <SceneCanvas
            quality={quality}
            label="Operating table. Move the mouse over the tissue to guide your instrument."
          >
            <OperatingScene
              scenario={scenario.id}
              tier={session.simulation.tier as TierId}
              frames={bridge}
              local={controller.local}
              localTool={canUse ? tool : null}
              localColor={userColor(user.id)}
              remote={controller.remote}
              participants={participants}
              shadowMapSize={quality.shadowMapSize}
            />
            {!vr.presenting && (
              <>
                <DesktopControls local={controller.local} onHeightChange={setHeightM} />
                <OrbitCamera />
                <AdaptiveResolution />
                {testHookEnabled() && <FrameProbe />}
              </>
            )}
            {vr.kit && (
              <vr.kit.module.VrLayer
                store={vr.kit.store}
                local={controller.local}
                color={userColor(user.id)}
                title={session.title}
                scenarioTitle={scenario.title}
                status={status}
                seconds={seconds}
                participants={participants}
                selfId={user.id}
                hostId={session.creatorId}
                tool={canUse ? tool : null}
                canUse={canUse}
                recommended={scenario.tools}
                onSelectTool={selectTool}
                onControl={
                  isHost ? (action) => void controller.control(action).catch(report) : undefined
                }
                score={score}
                names={names}
                speaking={speaking}
                chat={state.chat}
                voice={voice}
                restoring={state.restoring !== null}
              />
            )}
          </SceneCanvas>
        </div>
      )}

      <div className="session-overlay">
        <StatusBar
          title={session?.title ?? 'Session'}
          scenarioTitle={scenario?.title ?? ''}
          status={status}
          phase={phase}
          seconds={seconds}
          onLeave={leave}
        />

        {phase === 'joining' && !error && (
          <p className="session-joining" role="status">
            Joining the session…
          </p>
        )}
        {error && <SessionErrorPanel error={error} onLeave={leave} />}
        {state.restoring && !error && (
          <p className="session-restoring" role="status" data-testid="session-restoring">
            {RESTORING_TEXT}…
          </p>
        )}

        {live && session && (
          <>
            <aside className="session-left">
              <EnterVrButton vr={vr} />
              <ToolPalette
                selected={tool}
                recommended={scenario?.tools ?? []}
                disabled={!canUse || status === 'completed'}
                disabledReason={
                  !canUse
                    ? 'Observers watch and chat; the host can give you instruments.'
                    : undefined
                }
                onSelect={selectTool}
              />
              {canUse && status !== 'completed' && (
                <InstrumentHud heightM={heightM} canUse={canUse} tool={tool} />
              )}
            </aside>
            <aside className="session-right">
              {isHost && (
                <HostControls
                  status={status}
                  onControl={(action) => controller!.control(action)}
                  onReset={() => controller!.reset()}
                  onError={setNotice}
                />
              )}
              <ParticipantsPanel
                participants={participants}
                selfId={user.id}
                hostId={session.creatorId}
                actions={participantActions}
                speaking={speaking}
                onError={setNotice}
              />
              <VoicePanel voice={voice} names={names} />
              <ChatPanel
                lines={state.chat}
                selfId={user.id}
                onSend={async (text) => {
                  try {
                    await controller!.chat(text);
                  } catch (err) {
                    throw new Error(errorFor(err).message);
                  }
                }}
              />
            </aside>
          </>
        )}

        {(status === 'completed' || (error?.code === 'SESSION_ENDED' && score)) && !scoreHidden && (
          <div className="session-score">
            <ScoreCard
              score={score}
              names={names}
              onClose={() => setScoreHidden(true)}
              onReview={onReview && (() => onReview(sessionId))}
            />
          </div>
        )}

        <div
          className="session-notice"
          role="status"
          aria-live="polite"
          data-testid="session-notice"
        >
          {notice}
        </div>
      </div>
    </div>
  );
}
