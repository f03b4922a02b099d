import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What `scrubin login` remembers. */
export interface Credentials {
  server: string;
  token: string;
  user: { id: string; email: string; name: string };
}

/** `$XDG_CONFIG_HOME/scrubin` (default `~/.config/scrubin`). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== ''
      ? env.XDG_CONFIG_HOME
      : join(homedir(), '.config');
  return join(base, 'scrubin');
}

const credentialsPath = (env?: NodeJS.ProcessEnv) => join(configDir(env), 'credentials.json');

/** The stored credentials, or null. */
export async function loadCredentials(env?: NodeJS.ProcessEnv): Promise<Credentials | null> {
  try {
    return JSON.parse(await readFile(credentialsPath(env), 'utf8')) as Credentials;
  } catch {
    return null;
  }
}

/** Stores credentials readable by the user only (mode 600 in a 700 folder). */
export async function saveCredentials(
  credentials: Credentials,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(env);
  await writeFile(path, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

export async function clearCredentials(env?: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await rm(credentialsPath(env));
    return true;
  } catch {
    return false;
  }
}
