import { BufferAttribute, BufferGeometry, DynamicDrawUsage } from 'three';
import { gridTriangles } from '../sim/surface-topology.js';
import type { SimFrameMessage } from '../sim/sim-protocol.js';
import { restGrid, writeGridNormals, writeVisibleIndex } from './grid-geometry.js';

/** Where render frames come from (the simulation worker live; a replay later). */
export interface FrameSource {
  /** The newest unread frame, if any. */
  take(): SimFrameMessage | undefined;
  /** Hands a frame's buffers back once copied. */
  release(frame: SimFrameMessage): void;
  /** Calls `listener` when a new frame is ready; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
}

/**
 * The tissue's render geometry: the surface (layer 0) with its cut triangles left out, and the
 * skin/deep boundary (layer 1) below it. Frames are copied into the existing attributes; the
 * index is rewritten only when the mask changes. Nothing is allocated per frame.
 */
export class TissueView {
  readonly n: number;
  readonly spacingM: number;
  readonly surface = new BufferGeometry();
  readonly boundary = new BufferGeometry();
  readonly triangles: Uint32Array;
  /** Current visibility of each surface triangle. */
  readonly mask: Uint8Array;
  /** Surface positions (the attribute's own array). */
  readonly surfacePositions: Float32Array;
  /** Bumped when positions change, and when the mask changes. */
  version = 0;
  maskVersion = 0;
  readonly #surfaceNormals: Float32Array;
  readonly #boundaryPositions: Float32Array;
  readonly #boundaryNormals: Float32Array;
  readonly #index: Uint32Array;

  constructor(n: number, spacingM: number, skinThicknessM: number) {
    this.n = n;
    this.spacingM = spacingM;
    this.triangles = gridTriangles(n);
    this.mask = new Uint8Array(this.triangles.length / 3).fill(1);
    this.surfacePositions = restGrid(n, spacingM, 0);
    this.#surfaceNormals = new Float32Array(this.surfacePositions.length);
    this.#boundaryPositions = restGrid(n, spacingM, -skinThicknessM);
    this.#boundaryNormals = new Float32Array(this.surfacePositions.length);
    writeGridNormals(this.surfacePositions, n, this.#surfaceNormals);
    writeGridNormals(this.#boundaryPositions, n, this.#boundaryNormals);
    this.#index = new Uint32Array(this.triangles);

    const dynamic = (array: Float32Array) =>
      new BufferAttribute(array, 3).setUsage(DynamicDrawUsage);
    this.surface.setAttribute('position', dynamic(this.surfacePositions));
    this.surface.setAttribute('normal', dynamic(this.#surfaceNormals));
    this.surface.setIndex(new BufferAttribute(this.#index, 1).setUsage(DynamicDrawUsage));
    this.boundary.setAttribute('position', dynamic(this.#boundaryPositions));
    this.boundary.setAttribute('normal', dynamic(this.#boundaryNormals));
    this.boundary.setIndex(new BufferAttribute(new Uint32Array(this.triangles), 1));
    const half = ((n - 1) * spacingM) / 2;
    for (const geometry of [this.surface, this.boundary]) {
      geometry.computeBoundingBox();
      geometry.boundingBox!.expandByScalar(half * 0.2);
      geometry.computeBoundingSphere();
      geometry.boundingSphere!.radius *= 1.2;
    }
  }

  /** Copies a frame in. Frames of another grid size are ignored. */
  apply(frame: SimFrameMessage): void {
    if (frame.n !== this.n) return;
    this.surfacePositions.set(frame.surface);
    this.#boundaryPositions.set(frame.boundary);
    writeGridNormals(this.surfacePositions, this.n, this.#surfaceNormals);
    writeGridNormals(this.#boundaryPositions, this.n, this.#boundaryNormals);
    for (const geometry of [this.surface, this.boundary]) {
      geometry.attributes.position!.needsUpdate = true;
      geometry.attributes.normal!.needsUpdate = true;
    }
    if (frame.maskChanged) {
      this.mask.set(frame.mask);
      const count = writeVisibleIndex(this.triangles, this.mask, this.#index);
      this.surface.index!.needsUpdate = true;
      this.surface.setDrawRange(0, count);
      this.maskVersion++;
    }
    this.version++;
  }

  /** Takes the newest frame from `source`, if any, and applies it. */
  pull(source: FrameSource): boolean {
    const frame = source.take();
    if (!frame) return false;
    this.apply(frame);
    source.release(frame);
    return true;
  }

  dispose(): void {
    this.surface.dispose();
    this.boundary.dispose();
  }
}
