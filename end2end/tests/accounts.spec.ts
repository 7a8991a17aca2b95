// Accounts as a person uses them: sign up, log out, log in, add a video by
// URL, upload a small file, see both listed and open a watch page; and the
// user-token meta tag that only a logged-in user's pages carry.
import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';

const MEDIA = path.resolve(__dirname, '..', '..', 'media');
const PASSWORD = 'a-good-password';

async function fill(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

test('sign up, log out, log in, add a video by URL and by upload, then watch it', async ({ page, request }) => {
  const username = `e2e${Date.now().toString(36)}`;

  const guest = await (await request.get('/')).text();
  expect(guest, 'a guest gets no user-token').not.toContain('name="user-token"');

  await page.goto('/signup');
  await fill(page, 'Name', 'End To End');
  await fill(page, 'Username', username);
  await fill(page, 'Password', 'short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('should be at least 8 characters')).toBeVisible();
  await expect(page.getByLabel('Username', { exact: true })).toHaveValue(username);
  await fill(page, 'Password', PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/manage\/videos$/);
  await expect(page.locator('.current-user')).toContainText(username);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.getByRole('link', { name: 'Log in' }).click();
  await fill(page, 'Username', username);
  await fill(page, 'Password', 'wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('invalid username or password')).toBeVisible();
  await fill(page, 'Password', PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/manage\/videos$/);

  const html = await page.content();
  expect(html, 'a logged-in page carries the user-token').toMatch(/<meta name="user-token" content="[^"]+"/);

  await page.getByRole('link', { name: 'Add a video by URL' }).click();
  await fill(page, 'Title', 'Linked Test Pattern');
  await fill(page, 'URL', '/media/testsrc-90s.webm');
  await page.getByLabel('Category').selectOption({ label: 'Documentary' });
  await page.getByRole('button', { name: 'Save video' }).click();
  await expect(page).toHaveURL(/\/manage\/videos$/);

  await page.getByRole('link', { name: 'Upload a video file' }).click();
  await fill(page, 'Title', 'Uploaded City');
  await page.getByLabel('Video file (WebM or MP4)').setInputFiles(path.join(MEDIA, 'city-cc0.webm'));
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page).toHaveURL(/\/manage\/videos$/);

  const mine = page.locator('ul.my-videos');
  await expect(mine.getByRole('link', { name: 'Linked Test Pattern' })).toBeVisible();
  await expect(mine.getByRole('link', { name: 'Uploaded City' })).toBeVisible();

  await mine.getByRole('link', { name: 'Uploaded City' }).click();
  await expect(page).toHaveURL(/\/watch\/\d+-uploaded-city$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uploaded City');
  await expect(page.locator('video#player')).toHaveAttribute('src', /^\/uploads\/[0-9a-f]+\.webm$/);
});
