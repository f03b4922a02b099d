/**
 * A QR code of `text` drawn with block characters for a terminal (two modules per character row).
 * `qrcode` loads on first use, so other commands do not pay for it.
 * @example ctx.io.stdout.write(await terminalQr(shareableLink));
 */
export async function terminalQr(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'terminal', small: true });
}

/** Whether to draw a QR code: forced by `--qr`, else only when stdout is a terminal. */
export function wantsQr(force: boolean | undefined, stdoutIsTty: boolean | undefined): boolean {
  return force === true || Boolean(stdoutIsTty);
}
