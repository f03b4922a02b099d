import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { MOUSE } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { DEFAULT_CAMERA } from './camera.js';

/**
 * Desktop camera: orbit around the patient with the right mouse button, dolly with the middle
 * one. The left button and the wheel belong to the instrument. Starts from the default view.
 */
export function OrbitCamera() {
  const camera = useThree((state) => state.camera);
  const domElement = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);
  const controls = useRef<OrbitControls | null>(null);

  useEffect(() => {
    // Start from the surgeon's view, also when coming back from VR (which moved the camera).
    camera.position.set(...DEFAULT_CAMERA.position);
    const c = new OrbitControls(camera, domElement);
    c.target.set(...DEFAULT_CAMERA.target);
    c.mouseButtons = { LEFT: null, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.ROTATE };
    c.enablePan = false;
    c.enableDamping = true;
    c.dampingFactor = 0.12;
    c.minDistance = 0.12;
    c.maxDistance = 1.6;
    c.minPolarAngle = 0.05;
    c.maxPolarAngle = 1.35;
    c.update();
    controls.current = c;
    // The canvas renders on demand: every camera move (damping included) asks for a frame.
    const onChange = () => invalidate();
    c.addEventListener('change', onChange);
    const noMenu = (event: Event) => event.preventDefault();
    domElement.addEventListener('contextmenu', noMenu);
    return () => {
      domElement.removeEventListener('contextmenu', noMenu);
      c.removeEventListener('change', onChange);
      c.dispose();
      controls.current = null;
    };
  }, [camera, domElement, invalidate]);

  useFrame(() => {
    controls.current?.update();
  });
  return null;
}
