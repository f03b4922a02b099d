import { addAfterEffect, addEffect, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { FrameRecorder, type FrameStats } from './frame-recorder.js';

/** What the frame benchmark reads on `window.__scrubinFrames` (test pages only). */
export interface FrameProbeHandle {
  /** Renders every frame from now on and starts recording. */
  begin(): void;
  /** Stops recording, returns to on-demand rendering and reports. */
  end(): FrameReport;
}

export interface FrameReport extends FrameStats {
  /** Draw calls and triangles of the last frame. */
  drawCalls: number;
  triangles: number;
  /** Canvas size in device pixels. */
  width: number;
  height: number;
}

declare global {
  interface Window {
    __scrubinFrames?: FrameProbeHandle;
  }
}

/**
 * Frame timing for the benchmark: the scene normally renders on demand, so while recording it
 * renders every frame, and each frame's start and end (after the render call) are recorded.
 */
export function FrameProbe() {
  const setFrameloop = useThree((s) => s.setFrameloop);
  const gl = useThree((s) => s.gl);

  useEffect(() => {
    const recorder = new FrameRecorder();
    let recording = false;
    const removeBefore = addEffect(() => {
      if (recording) recorder.begin(performance.now());
    });
    const removeAfter = addAfterEffect(() => {
      if (recording) recorder.end(performance.now());
    });
    window.__scrubinFrames = {
      begin() {
        recorder.reset();
        recording = true;
        setFrameloop('always');
      },
      end() {
        recording = false;
        setFrameloop('demand');
        const canvas = gl.domElement;
        return {
          ...recorder.stats(),
          drawCalls: gl.info.render.calls,
          triangles: gl.info.render.triangles,
          width: canvas.width,
          height: canvas.height,
        };
      },
    };
    return () => {
      removeBefore();
      removeAfter();
      delete window.__scrubinFrames;
    };
  }, [gl, setFrameloop]);

  return null;
}
