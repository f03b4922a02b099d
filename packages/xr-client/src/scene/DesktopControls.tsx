import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Plane, Raycaster, Vector2, Vector3 } from 'three';
import type { LocalInstrument } from './local-instrument.js';
import { isCutting, requestPuncture, requestTie } from './local-instrument.js';
import { yawAlong, yawQuaternion } from './pose.js';

/** Tip height range, metres (negative: below the surface). */
export const MIN_HEIGHT_M = -0.012;
export const MAX_HEIGHT_M = 0.04;
/** One W/S press or wheel notch, metres. */
export const HEIGHT_STEP_M = 0.0005;
/** The blade turns to follow the motion once the tip moved this far, metres. */
const FOLLOW_AFTER_M = 0.001;
/** The pointer drives the instrument within this distance of the patient, metres. */
const REACH_M = 0.4;

/** Whether a key event belongs to a text field (typing, not the instrument). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * Desktop input for the local instrument: the tip follows the mouse over the tissue (a ray from
 * the camera through the pointer meets the surface plane at the tip's height), W/S or the wheel
 * lower and raise it, holding Space switches it on (blade) or closes its jaws. Cutting
 * instruments turn their edge along the motion. With the needle driver, a left click or Space
 * passes the needle at the tip (when at or below the surface) and T ties the latest bite.
 * Writes only into `local`; the scene draws it and the sender shares it.
 */
export function DesktopControls(props: {
  local: LocalInstrument;
  /** Told when the tip height changes (for the depth readout). */
  onHeightChange?: (heightM: number) => void;
}) {
  const { local, onHeightChange } = props;
  const camera = useThree((state) => state.camera);
  const domElement = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);
  const input = useMemo(
    () => ({
      ndc: new Vector2(),
      over: false,
      moved: false,
      heightM: local.position[1]!,
      anchorX: 0,
      anchorZ: 0,
      anchored: false,
      raycaster: new Raycaster(),
      plane: new Plane(new Vector3(0, 1, 0), 0),
      hit: new Vector3(),
    }),
    [local],
  );

  useEffect(() => {
    const setHeight = (heightM: number) => {
      const h = Math.min(MAX_HEIGHT_M, Math.max(MIN_HEIGHT_M, heightM));
      // Whole steps, so that the readout and the log stay tidy.
      input.heightM = Math.round(h / HEIGHT_STEP_M) * HEIGHT_STEP_M;
      onHeightChange?.(input.heightM);
      invalidate();
    };
    const onPointerMove = (event: PointerEvent) => {
      const rect = domElement.getBoundingClientRect();
      input.ndc.set(
        ((event.clientX - rect.left) / rect.width) * 2 - 1,
        -((event.clientY - rect.top) / rect.height) * 2 + 1,
      );
      input.over = true;
      input.moved = true;
      invalidate();
    };
    const onPointerLeave = () => {
      input.over = false;
    };
    const onPointerDown = (event: PointerEvent) => {
      if (event.button !== 0 || !input.over) return;
      if (requestPuncture(local)) invalidate();
    };
    const onWheel = (event: WheelEvent) => {
      // The wheel moves the tip, not the camera.
      event.preventDefault();
      event.stopImmediatePropagation();
      if (event.deltaY !== 0) setHeight(input.heightM - Math.sign(event.deltaY) * HEIGHT_STEP_M);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      // Over the scene, Space is the instrument's; elsewhere it may press a focused button.
      const onControl = event.target instanceof HTMLElement && event.target.closest('button, a');
      if (event.code === 'Space') {
        if (onControl && !input.over) return;
        event.preventDefault();
        // The needle driver passes the needle on Space; the others switch on or close.
        if (local.tool === 'needle-driver') {
          if (!event.repeat) requestPuncture(local);
        } else {
          local.active = local.canUse && local.tool !== null;
        }
        invalidate();
      } else if (event.code === 'KeyW') {
        setHeight(input.heightM - HEIGHT_STEP_M);
      } else if (event.code === 'KeyS') {
        setHeight(input.heightM + HEIGHT_STEP_M);
      } else if (event.code === 'KeyT' && !event.repeat) {
        if (requestTie(local)) event.preventDefault();
      }
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.code === 'Space') {
        if (local.active) event.preventDefault();
        local.active = false;
        invalidate();
      }
    };
    const release = () => {
      local.active = false;
    };
    domElement.addEventListener('pointermove', onPointerMove);
    domElement.addEventListener('pointerleave', onPointerLeave);
    domElement.addEventListener('pointerdown', onPointerDown);
    domElement.addEventListener('wheel', onWheel, { passive: false, capture: true });
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', release);
    return () => {
      domElement.removeEventListener('pointermove', onPointerMove);
      domElement.removeEventListener('pointerleave', onPointerLeave);
      domElement.removeEventListener('pointerdown', onPointerDown);
      domElement.removeEventListener('wheel', onWheel, { capture: true });
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', release);
    };
  }, [domElement, input, local, onHeightChange, invalidate]);

  useFrame(() => {
    const p = local.position;
    p[1] = input.heightM;
    if (!input.moved) return;
    // The tip sits under the pointer: meet the ray at the tip's height (the surface when below).
    input.plane.constant = -Math.max(0, input.heightM);
    input.raycaster.setFromCamera(input.ndc, camera);
    if (!input.raycaster.ray.intersectPlane(input.plane, input.hit)) return;
    const { x, z } = input.hit;
    if (Math.abs(x) > REACH_M || Math.abs(z) > REACH_M) return;
    p[0] = x;
    p[2] = z;
    local.tracked = true;
    if (!input.anchored) {
      input.anchorX = x;
      input.anchorZ = z;
      input.anchored = true;
    }
    const dx = x - input.anchorX;
    const dz = z - input.anchorZ;
    if (dx * dx + dz * dz >= FOLLOW_AFTER_M * FOLLOW_AFTER_M) {
      if (isCutting(local.tool)) yawQuaternion(yawAlong(dx, dz), local.rotation);
      input.anchorX = x;
      input.anchorZ = z;
    }
  });

  return null;
}
