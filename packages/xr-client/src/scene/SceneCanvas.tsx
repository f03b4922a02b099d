import { Canvas } from '@react-three/fiber';
import type { ReactNode } from 'react';
import { DEFAULT_CAMERA } from './camera.js';
import type { renderQuality } from './render-quality.js';

/**
 * The fiber canvas every operating scene renders into (live session and review): renders on
 * demand, soft shadows, the surgeon's starting camera, and the machine's render quality.
 */
export function SceneCanvas(props: {
  quality: ReturnType<typeof renderQuality>;
  /** What the canvas says to screen readers. */
  label: string;
  children: ReactNode;
}) {
  return (
    <Canvas
      data-testid="scene-canvas"
      frameloop="demand"
      shadows="percentage"
      dpr={[1, 1.5]}
      gl={{ antialias: props.quality.antialias, powerPreference: 'high-performance' }}
      camera={{
        position: DEFAULT_CAMERA.position,
        fov: DEFAULT_CAMERA.fovDeg,
        near: 0.01,
        far: 30,
      }}
      aria-label={props.label}
    >
      {props.children}
    </Canvas>
  );
}
