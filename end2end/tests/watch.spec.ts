// The watch page as a viewer first meets it: server-rendered, then hydrated,
// with a video that really plays.
import { test, expect } from '@playwright/test';

test('the home page lists the demo videos and links to their watch pages', async ({ page }) => {
  await page.goto('/');
  const link = page.getByRole('link', { name: 'City at Night' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/watch\/\d+-city-at-night$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('City at Night');
});

test('the watch page hydrates and its video plays', async ({ page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto('/watch/1');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  // An interactive control reacts: only the hydrated page can do this.
  const toggle = page.getByRole('button', { name: 'Hide' });
  await toggle.click();
  await expect(page.getByRole('button', { name: 'Show' })).toBeVisible();
  await expect(page.locator('aside.annotations')).toHaveClass(/collapsed/);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('aside.annotations')).not.toHaveClass(/collapsed/);

  const video = page.locator('video#player');
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
    return element.play();
  });
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime), { timeout: 15_000 })
    .toBeGreaterThan(0.5);

  const shot = testInfo.outputPath('watch-page.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('watch page', { path: shot, contentType: 'image/png' });
  expect(consoleErrors, 'no errors in the console').toEqual([]);
});

test('an unknown video answers a real 404 page', async ({ page }) => {
  const response = await page.goto('/watch/987654-nothing');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});
