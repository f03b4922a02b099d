/**
 * Debian's Chromium for the browser tests, driven with playwright-core (Playwright's own browser
 * download is not used). `scripts/ensure-chromium.sh` installs it; `npm test` runs that first.
 */

/** @default '/usr/bin/chromium' (env `SCRUBIN_CHROMIUM` to use another binary) */
export const CHROMIUM_PATH = process.env.SCRUBIN_CHROMIUM || '/usr/bin/chromium';
/** What to run when it is missing. */
export const CHROMIUM_INSTALL = 'sudo apt-get update && sudo apt-get install -y chromium';
/** Headless as root: no sandbox, WebGL through SwiftShader, nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
