/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { openApp, screenshot } from './support/server-info';

test('a review plays the call and seeks from an evidence link and from a transcript line', async ({ page }) => {
  const info = await openApp(page);
  await page.evaluate(({ lead, call }) => (window.location.hash = `#/review/${lead}/${call}`), {
    lead: info.seed.bookingLeadId,
    call: info.seed.bookingCallId,
  });
  await expect(page.getByTestId('segment').first()).toBeVisible();
  const audio = page.getByTestId('audio');
  // The recording is a real WAV streamed by serve: wait until the element knows its length.
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThan(25);

  // Evidence for "appointment booked" is a quote with its time: clicking it seeks and plays.
  const evidence = page.locator('[data-criterion=appointment_booked] [data-testid=evidence-link]').first();
  const start = Number(await evidence.getAttribute('data-start'));
  expect(start).toBeGreaterThan(5);
  await evidence.click();
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThanOrEqual(start - 0.05);
  expect(await audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeLessThan(start + 3);
  // Playing: time moves on by itself, and the transcript line being said is marked.
  const t0 = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 5000 }).toBeGreaterThan(t0 + 0.3);
  expect(await audio.evaluate((a: HTMLAudioElement) => a.paused)).toBe(false);
  const current = page.locator('[data-testid=segment][aria-current=true]');
  await expect(current).toHaveCount(1);
  expect(Number(await current.getAttribute('data-start'))).toBeLessThanOrEqual(start + 3.3);
  await screenshot(page, 'review');

  // Clicking a line seeks there.
  const line = page.getByTestId('segment').nth(1);
  const lineStart = Number(await line.getAttribute('data-start'));
  await line.click();
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThanOrEqual(lineStart - 0.05);
  expect(await audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeLessThan(lineStart + 3);
  await expect(line).toHaveAttribute('aria-current', 'true');
  await audio.evaluate((a: HTMLAudioElement) => a.pause());

  // Highlights: intents and compliance statements are tagged on their lines.
  await expect(page.locator('.tag.intent', { hasText: 'appointment booked' }).first()).toBeVisible();
  await expect(page.locator('.tag.compliance').first()).toBeVisible();
});

test('a manual QA entry survives a reload, and an override keeps the AI score visible', async ({ page }) => {
  const info = await openApp(page);
  const hash = `#/review/${info.seed.bookingLeadId}/${info.seed.bookingCallId}`;
  await page.evaluate((h) => (window.location.hash = h), hash);
  const field = page.getByTestId('qa-recording_disclosure');
  await expect(field).toBeVisible();
  await field.fill('7');
  await page.getByTestId('qa-notes').fill('Disclosure was rushed; slow down.');
  await page.getByTestId('qa-save').click();
  await expect(page.getByTestId('qa-status')).toContainText('Saved');

  await page.reload();
  await expect(page.getByTestId('qa-recording_disclosure')).toHaveValue('7');
  await expect(page.getByTestId('qa-notes')).toHaveValue('Disclosure was rushed; slow down.');
  await expect(page.getByTestId('qa-reviews')).toContainText('supervisor');
  await expect(page.getByTestId('qa-save')).toHaveText('Update review');

  const ai = await page.getByTestId('ai-score-lead').textContent();
  await page.getByLabel('New score').fill('55');
  await page.getByLabel('Reason').fill('Caller said budget is frozen until spring');
  await page.getByRole('button', { name: 'Override' }).click();
  await expect(page.getByTestId('override-lead')).toContainText('55');
  await expect(page.getByTestId('override-lead')).toContainText('budget is frozen');
  await expect(page.getByTestId('ai-score-lead')).toHaveText(ai ?? '');
  await screenshot(page, 'review-qa-and-override');
});
