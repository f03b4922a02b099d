import { useFrame, useThree } from '@react-three/fiber';
import { useRef } from 'react';

/** Frame time above which the resolution drops, and below which it climbs back, seconds. */
const SLOW_S = 1 / 30;
const FAST_S = 1 / 55;
/** How often the frame time is judged, seconds. */
const WINDOW_S = 1;

/**
 * Lowers the canvas resolution while frames are slow (software rendering, weak GPUs) and raises
 * it again when they are fast, between `min` and the device's pixel ratio (capped at `max`).
 */
export function AdaptiveResolution(props: { min?: number; max?: number }) {
  const min = props.min ?? 0.6;
  const setDpr = useThree((state) => state.setDpr);
  const acc = useRef({ time: 0, frames: 0, dpr: 0 });
  useFrame((state, delta) => {
    const a = acc.current;
    const max = Math.min(props.max ?? 1.5, window.devicePixelRatio || 1);
    if (a.dpr === 0) a.dpr = state.viewport.dpr;
    // On-demand rendering leaves idle gaps between frames: they say nothing about speed.
    if (delta > 0.5) return;
    a.time += delta;
    a.frames += 1;
    if (a.time < WINDOW_S) return;
    const mean = a.time / a.frames;
    a.time = 0;
    a.frames = 0;
    let next = a.dpr;
    if (mean > SLOW_S) next = Math.max(min, a.dpr * 0.8);
    else if (mean < FAST_S) next = Math.min(max, a.dpr * 1.15);
    if (Math.abs(next - a.dpr) > 0.01) {
      a.dpr = next;
      setDpr(next);
    }
  });
  return null;
}
