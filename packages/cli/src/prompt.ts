import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Context } from './context.js';

/** Reads all of stdin as text. */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A password: asked for without echo on a terminal, else the first line of stdin (never an
 * interactive prompt when stdin is not a terminal).
 */
export async function readPassword(ctx: Context, question: string): Promise<string> {
  const { stdin, stderr } = ctx.io;
  if (!stdin.isTTY) {
    const password = (await readStdin(stdin)).split(/\r?\n/)[0] ?? '';
    if (!password)
      throw new CliError(
        'No password on stdin',
        EXIT.USAGE,
        'Pipe it in: echo "$PASSWORD" | scrubin login -e …',
      );
    return password;
  }
  const tty = stdin as NodeJS.ReadStream;
  stderr.write(question);
  tty.setRawMode?.(true);
  tty.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          done();
          return reject(new CliError('Cancelled', EXIT.USAGE));
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    const done = () => {
      tty.off('data', onData);
      tty.setRawMode?.(false);
      tty.pause();
    };
    tty.on('data', onData);
  });
}
