/**
 * Test users: registered through the sign-up form, or over REST with the token handed to the
 * page (see `openParticipant`).
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createScrubinClient } from '@scrubin/sdk';

const TOKEN_KEY = 'scrubin.token';

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

/** A user no one registered yet: unique email, a valid password. */
export function newUser(name: string): TestUser {
  const suffix = randomBytes(4).toString('hex');
  return {
    name,
    email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${suffix}@example.org`,
    password: 'correct horse battery staple',
  };
}

/** `[data-testid="…"]` */
export const tid = (id: string): string => `[data-testid="${id}"]`;

/**
 * Registers through the form on the page showing the sign-in card (the page must be on the
 * client already), then waits for the lobby (its sign-out button).
 */
export async function registerViaUi(page: Page, user: TestUser): Promise<void> {
  await page.locator(tid('auth-mode-register')).click();
  await page.locator(tid('auth-name')).fill(user.name);
  await page.locator(tid('auth-email')).fill(user.email);
  await page.locator(tid('auth-password')).fill(user.password);
  await page.locator(tid('auth-submit')).click();
  await page.locator(tid('signout')).waitFor({ state: 'visible' });
}

/** Registers over REST; the token then goes to `openParticipant(browser, label, token)`. */
export async function registerViaRest(
  apiUrl: string,
  user: TestUser,
): Promise<{ token: string; userId: string }> {
  const client = createScrubinClient({ baseUrl: apiUrl });
  const result = await client.register(user);
  return { token: result.token, userId: result.user.id };
}

/** The token the signed-in page keeps in localStorage. */
export async function tokenOf(page: Page): Promise<string> {
  const token = await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
  if (!token) throw new Error(`No ${TOKEN_KEY} in the page's localStorage: not signed in?`);
  return token;
}

/** The signed-in user's id, from the token the page keeps in localStorage. */
export async function userIdOf(page: Page, apiUrl: string): Promise<string> {
  const client = createScrubinClient({ baseUrl: apiUrl, token: await tokenOf(page) });
  return (await client.me()).id;
}
