let software: boolean | undefined;

/**
 * Whether WebGL runs in software here (SwiftShader, llvmpipe: headless test browsers, machines
 * without a GPU). Probed once with a throwaway context.
 */
export function softwareRendering(): boolean {
  if (software !== undefined) return software;
  software = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(
        gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '',
      );
      software = /swiftshader|llvmpipe|software/i.test(renderer);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    software = false;
  }
  return software;
}

/** Renderer settings for this machine: full quality on a GPU, lighter in software. */
export function renderQuality(): { antialias: boolean; shadowMapSize: number } {
  const soft = softwareRendering();
  return { antialias: !soft, shadowMapSize: soft ? 512 : 1024 };
}
