/**
 * The baseline of the frame benchmark, bundled for the browser: bare three.js rendering one lit
 * box every frame into a canvas of the size the app's scene had, with the same frame recorder
 * and the same `window.__scrubinFrames` interface. What it costs is what any WebGL page of that
 * size costs in this browser; the app's figures are read against it.
 */
import {
  BoxGeometry,
  DirectionalLight,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  WebGLRenderer,
} from 'three';
import { FrameRecorder } from '../../packages/xr-client/src/scene/frame-recorder.js';
import type { FrameProbeHandle } from '../../packages/xr-client/src/scene/FrameProbe.js';

declare global {
  interface Window {
    __benchCanvasSize: { width: number; height: number };
    __scrubinFrames?: FrameProbeHandle;
  }
}

const { width, height } = window.__benchCanvasSize;
const renderer = new WebGLRenderer({ antialias: false, powerPreference: 'high-performance' });
renderer.setPixelRatio(1);
renderer.setSize(width, height);
document.body.style.margin = '0';
document.body.appendChild(renderer.domElement);

const scene = new Scene();
const camera = new PerspectiveCamera(45, width / height, 0.01, 30);
camera.position.set(0, 0.5, 1);
camera.lookAt(0, 0, 0);
scene.add(new HemisphereLight('#f3f7ff', '#4a5660', 0.9));
const sun = new DirectionalLight('#ffffff', 2.2);
sun.position.set(0.25, 1.1, 0.35);
scene.add(sun);
const box = new Mesh(
  new BoxGeometry(0.2, 0.2, 0.2),
  new MeshStandardMaterial({ color: '#c98f7a' }),
);
scene.add(box);

const recorder = new FrameRecorder();
let recording = false;
renderer.setAnimationLoop((time) => {
  if (recording) recorder.begin(performance.now());
  box.rotation.y = time / 1000;
  renderer.render(scene, camera);
  if (recording) recorder.end(performance.now());
});

window.__scrubinFrames = {
  begin() {
    recorder.reset();
    recording = true;
  },
  end() {
    recording = false;
    return {
      ...recorder.stats(),
      drawCalls: renderer.info.render.calls,
      triangles: renderer.info.render.triangles,
      width: renderer.domElement.width,
      height: renderer.domElement.height,
    };
  },
};
