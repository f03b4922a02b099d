import type { PresenceEntry } from '@scrubin/protocol';
import { SCENARIOS, type TierId } from '@scrubin/sim';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ScoreCard } from '../panels/ScoreCard.js';
import { AdaptiveResolution } from '../scene/AdaptiveResolution.js';
import { createLocalInstrument } from '../scene/local-instrument.js';
import { OperatingScene } from '../scene/OperatingScene.js';
import { OrbitCamera } from '../scene/OrbitCamera.js';
import { renderQuality } from '../scene/render-quality.js';
import { SceneCanvas } from '../scene/SceneCanvas.js';
import { publishTestView, testHookEnabled } from '../session/test-hook.js';
import '../session/session.css';
import { MomentList } from './MomentList.js';
import { recordingErrorText, type LoadedRecording, type ReviewSource } from './recording-file.js';
import { ReviewPlayer } from './review-player.js';
import { ReviewTimeline } from './ReviewTimeline.js';
import { loadSessionRecording } from './session-recording.js';
import './review.css';

/**
 * The review (after-action replay) of a completed session or of a recording file: the operating
 * scene replayed from the recording's events, with a timeline (play, pause, scrub, speed), the
 * key moments and the score card. Loaded on demand.
 */
export default function ReviewView(props: { source: ReviewSource; onLeave(): void }) {
  const { source, onLeave } = props;
  const [loaded, setLoaded] = useState<LoadedRecording | null>(() =>
    source.kind === 'file'
      ? {
          recording: source.recording,
          title: source.recording.header.title ?? source.fileName,
          storedScore: null,
        }
      : null,
  );
  const [error, setError] = useState<string | null>(null);

  const sessionId = source.kind === 'session' ? source.sessionId : null;
  useEffect(() => {
    if (sessionId === null) return;
    let live = true;
    setLoaded(null);
    setError(null);
    loadSessionRecording(sessionId).then(
      (result) => live && setLoaded(result),
      (err: unknown) => live && setError(recordingErrorText(err)),
    );
    return () => {
      live = false;
    };
  }, [sessionId]);

  return (
    <div className="session-view review-view" data-testid="review-view">
      {loaded ? (
        <ReviewPlayback key={loaded.recording.header.sessionId} loaded={loaded} onLeave={onLeave} />
      ) : (
        <div className="review-loading">
          <header className="session-bar">
            <div className="session-bar__title">
              <h1>Review</h1>
            </div>
            <button type="button" onClick={onLeave}>
              Back to the lobby
            </button>
          </header>
          {error ? (
            <p className="session-error" role="alert" data-testid="review-error">
              {error}
            </p>
          ) : (
            <p className="session-joining" role="status">
              Loading the recording…
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function ReviewPlayback(props: { loaded: LoadedRecording; onLeave(): void }) {
  const { loaded, onLeave } = props;
  const { recording, storedScore } = loaded;
  const { header } = recording;
  const scenario = SCENARIOS[header.scenario];
  const [player, setPlayer] = useState<ReviewPlayer | null>(null);
  const quality = useMemo(renderQuality, []);
  const local = useMemo(createLocalInstrument, []);

  useEffect(() => {
    const p = new ReviewPlayer(recording);
    setPlayer(p);
    return () => p.dispose();
  }, [recording]);

  const participants = useMemo<PresenceEntry[]>(
    () => header.participants.map((p) => ({ ...p, online: true })),
    [header],
  );
  const names = useMemo(
    () => new Map(header.participants.map((p) => [p.userId, p.name])),
    [header],
  );

  return (
    <>
      {player && (
        <div className="session-scene">
          <SceneCanvas
            quality={quality}
            label="Replay of the operating table. Right-drag to look around."
          >
            <OperatingScene
              scenario={header.scenario}
              tier={header.tier as TierId}
              frames={player.bridge}
              local={local}
              localTool={null}
              localColor="#ffffff"
              remote={player.instruments}
              participants={participants}
              shadowMapSize={quality.shadowMapSize}
            />
            <OrbitCamera />
            <AdaptiveResolution />
          </SceneCanvas>
        </div>
      )}
      <div className="review-overlay">
        <header className="session-bar">
          <div className="session-bar__title">
            <h1>Review: {loaded.title}</h1>
            <span className="session-bar__scenario">{scenario.title}</span>
          </div>
          <button type="button" onClick={onLeave}>
            Back to the lobby
          </button>
        </header>
        {player && <PlaybackPanels player={player} storedScore={storedScore} names={names} />}
      </div>
    </>
  );
}

function PlaybackPanels(props: {
  player: ReviewPlayer;
  storedScore: LoadedRecording['storedScore'];
  names: ReadonlyMap<string, string>;
}) {
  const { player, storedScore, names } = props;
  const snapshot = useSyncExternalStore(player.subscribe, player.snapshot);
  const score = storedScore ?? snapshot.computedScore;
  const seek = useCallback((tick: number) => player.seek(tick), [player]);
  // The simulation reports many times a second: the card re-renders only when the score changes.
  const scoreCard = useMemo(() => <ScoreCard score={score} names={names} />, [score, names]);

  useEffect(() => {
    if (!testHookEnabled()) return;
    return publishTestView({
      tick: snapshot.simTick,
      seq: snapshot.lastSeq,
      severedSurfaceEdges: snapshot.severedSurfaceEdges,
      remoteTools: player.instruments.tools(),
      status: 'completed',
      review: {
        tick: snapshot.tick,
        simTick: snapshot.simTick,
        endTick: snapshot.endTick,
        playing: snapshot.playing,
        severedSurfaceEdges: snapshot.severedSurfaceEdges,
        moments: snapshot.moments.length,
        analysed: snapshot.computedScore !== null,
      },
    });
  }, [player, snapshot]);

  return (
    <>
      <aside className="review-side">
        {snapshot.error && (
          <p className="session-error" role="alert" data-testid="review-error">
            The replay stopped: {snapshot.error}
          </p>
        )}
        <div className="session-score review-score">
          {scoreCard}
          {!storedScore && score && (
            <p className="hint">Computed by replaying the recording in this browser.</p>
          )}
        </div>
        <MomentList moments={snapshot.moments} analysed={snapshot.analysed} onJump={seek} />
      </aside>
      <ReviewTimeline
        snapshot={snapshot}
        onPlay={() => player.play()}
        onPause={() => player.pause()}
        onSeek={seek}
        onSpeed={(speed) => player.setSpeed(speed)}
      />
    </>
  );
}
