import { ScrubinError } from '@scrubin/protocol';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.js';

/** An error the CLI reports as one line on stderr and turns into an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.USAGE,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Turns anything thrown into a {@link CliError} with a helpful message. */
export function toCliError(err: unknown, serverUrl?: string): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof ScrubinError) {
    const hint =
      err.code === 'UNAUTHENTICATED'
        ? 'Sign in with `scrubin login` (or pass --token).'
        : undefined;
    return new CliError(`${err.message} (${err.code})`, exitCodeFor(err.code), hint);
  }
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  const net = e?.cause?.code ?? e?.code;
  if (
    net === 'ECONNREFUSED' ||
    net === 'ENOTFOUND' ||
    net === 'EAI_AGAIN' ||
    net === 'ECONNRESET'
  ) {
    return new CliError(
      `Cannot reach the server${serverUrl ? ` at ${serverUrl}` : ''} (${net})`,
      EXIT.UNREACHABLE,
      'Start it with `scrubin serve`, or point --server / SCRUBIN_SERVER at a running one.',
    );
  }
  return new CliError(e?.message ?? String(err), EXIT.INTERNAL);
}
