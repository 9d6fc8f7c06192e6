/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';

export const SERVER_INFO = resolve(import.meta.dirname, '../../../.cache/e2e/server.json');
const SHOTS = resolve(import.meta.dirname, '../../../test-results/screenshots');

export interface ServerInfo {
  url: string;
  origin: string;
  token: string;
  seed: { dbPath: string; audioPath: string; leads: number; calls: number; reviews: number; bookingCallId: string; bookingLeadId: string };
}

export function serverInfo(): ServerInfo {
  return JSON.parse(readFileSync(SERVER_INFO, 'utf8')) as ServerInfo;
}

/**
 * Opens the app the way a user does: the printed URL with its token, then a view by its hash once
 * the app is live (the queue on screen before that is the server's first screen, not yet the app).
 */
export async function openApp(page: Page, hash = '#/queue'): Promise<ServerInfo> {
  const info = serverInfo();
  await page.goto(info.url);
  await page.waitForSelector('html[data-app=live]', { state: 'attached' });
  await page.evaluate((h) => (window.location.hash = h), hash);
  return info;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SHOTS, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}
