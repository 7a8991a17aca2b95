// The annotated player in two browsers at once: live posts, replay in step
// with playback, seek on click, text-only bodies, guests, and a server that
// is killed and restarted under open pages.
//
// This file starts its own server (not the suite's shared one) on a free
// port with its own data folder, because one test kills and restarts it and
// one adds a video straight to the folder's database. Users sign up and log
// in through the JSON API inside each browser context, so their pages are
// rendered by the server as a logged-in user's, socket token included.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { RumblServer } from '../support/server';

const PASSWORD = 'a-long-enough-password';
/** The demo video with annotations every 2.338 s, and one to post on. */
const REPLAY_VIDEO = '/watch/1';
const POST_VIDEO = '/watch/2';

let server: RumblServer;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Adds a video straight to the server's SQLite file and returns its id. */
function insertVideo(title: string, url: string): number {
  const script = `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cursor = db.execute(
    "INSERT INTO videos (user_id, title, url, description, slug, inserted_at, updated_at) "
    "VALUES (1, ?, ?, '', 'video', datetime('now'), datetime('now'))", (sys.argv[2], sys.argv[3]))
db.commit()
print(cursor.lastrowid)`;
  const out = execFileSync('python3', ['-c', script, path.join(server.dataDir, 'rumbl.db'), title, url]);
  return Number(out.toString().trim());
}

/**
 * Signs `username` up and logs them in through the JSON API inside
 * `context`: the API request shares the context's cookie jar, so its pages
 * carry the session cookie and the server renders them as that user's.
 */
async function logIn(context: BrowserContext, username: string): Promise<void> {
  const created = await context.request.post(`${server.url}/api/users`, {
    data: { name: username, username, password: PASSWORD },
  });
  expect(created.status(), await created.text()).toBe(201);
  const session = await context.request.post(`${server.url}/api/sessions`, {
    data: { username, password: PASSWORD },
  });
  expect(session.status(), await session.text()).toBe(200);
}

/**
 * A page on `videoPath` for `username`, signed up and logged in for real (a
 * guest without one), hydrated and joined.
 */
async function openWatch(browser: Browser, videoPath: string, username?: string): Promise<Page> {
  const page = await openHydrated(browser, videoPath, { username });
  await expect(page.locator('.connection')).toHaveAttribute('data-state', 'connected');
  return page;
}

/**
 * As `openWatch`, without waiting for the channel. `forgedToken` stands in
 * for the `<meta name="user-token">` of a guest's page, as a tampered or
 * expired token would reach the client.
 */
async function openHydrated(
  browser: Browser,
  videoPath: string,
  who: { username?: string; forgedToken?: string },
): Promise<Page> {
  const context = await browser.newContext();
  if (who.username) await logIn(context, who.username);
  if (who.forgedToken) {
    await context.addInitScript((value) => {
      document.addEventListener('DOMContentLoaded', () => {
        const meta = document.createElement('meta');
        meta.name = 'user-token';
        meta.content = value;
        document.head.append(meta);
      });
    }, who.forgedToken);
  }
  const page = await context.newPage();
  await page.goto(`${server.url}${videoPath}`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  if (who.username) await expect(page.locator('meta[name="user-token"]')).toHaveCount(1);
  return page;
}

const items = (page: Page) => page.locator('ol.annotation-list li.annotation');
const itemWithBody = (page: Page, body: string) =>
  items(page).filter({ has: page.locator('.body', { hasText: body }) });

async function post(page: Page, body: string) {
  const input = page.getByRole('textbox', { name: 'Annotation' });
  await input.fill(body);
  await input.press('Enter');
}

async function idsIn(page: Page): Promise<string[]> {
  return items(page).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id') ?? ''));
}

async function setTime(page: Page, seconds: number) {
  await page.locator('video#player').evaluate((video: HTMLVideoElement, s) => {
    video.currentTime = s;
  }, seconds);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = new RumblServer(await freePort());
  await server.start();
});

test.afterAll(async () => {
  await server?.stop();
});

test('a post from A reaches B within a second, with A\'s name, and is in A\'s own list once', async ({ browser }) => {
  const a = await openWatch(browser, POST_VIDEO, 'alice');
  const b = await openWatch(browser, POST_VIDEO, 'bob');

  const body = `hello from alice ${Date.now()}`;
  const posted = Date.now();
  await post(a, body);
  await expect(itemWithBody(b, body)).toHaveCount(1, { timeout: 1000 });
  expect(Date.now() - posted).toBeLessThan(1000);
  await expect(itemWithBody(b, body).locator('b.username')).toHaveText('alice');
  await expect(itemWithBody(b, body).locator('.at')).toHaveText('[00:00]');
  await expect(itemWithBody(a, body)).toHaveCount(1);
  await expect(a.getByRole('textbox', { name: 'Annotation' })).toHaveValue('');
  // Given time for a duplicate to arrive, there is still only one.
  await a.waitForTimeout(500);
  await expect(itemWithBody(a, body)).toHaveCount(1);

  await a.context().close();
  await b.context().close();
});

test('an empty body is not sent, and a refused one is explained with the text kept', async ({ browser }) => {
  const a = await openWatch(browser, POST_VIDEO, 'carol');
  const before = await items(a).count();
  const input = a.getByRole('textbox', { name: 'Annotation' });
  await input.fill('   ');
  await input.press('Enter');
  await a.waitForTimeout(500);
  await expect(items(a)).toHaveCount(before);
  await expect(a.locator('.post-error')).toHaveCount(0);

  const tooLong = 'x'.repeat(1001);
  await post(a, tooLong);
  await expect(a.locator('.post-error')).toContainText('body should be at most 1000');
  await expect(input).toHaveValue(tooLong);
  await expect(items(a)).toHaveCount(before);
  await a.context().close();
});

test('after a reload the history replays with playback, a seek re-syncs, and a click seeks', async ({ browser }) => {
  const a = await openWatch(browser, REPLAY_VIDEO, 'dave');
  await a.reload();
  await expect(a.locator('.connection')).toHaveAttribute('data-state', 'connected');
  await expect(items(a)).toHaveCount(0); // at 0 s, nothing has been reached yet

  const video = a.locator('video#player');
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
    return element.play();
  });
  await expect(itemWithBody(a, 'Here we go.')).toHaveCount(1, { timeout: 10_000 }); // at 2.338 s
  await expect(itemWithBody(a, 'Watch the left side.')).toHaveCount(1, { timeout: 10_000 }); // at 4.676 s
  await video.evaluate((element: HTMLVideoElement) => element.pause());
  const shownAt = await video.evaluate((element: HTMLVideoElement) => element.currentTime * 1000);
  const ats = await items(a).evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-at'))));
  expect(ats.every((at) => at <= shownAt)).toBe(true);
  expect(ats).toEqual([...ats].sort((x, y) => x - y));

  // Forward: exactly those at or before 10 s (2338, 4676, 7014, 9352).
  await setTime(a, 10);
  await expect(items(a)).toHaveCount(4);
  // Backward: exactly those at or before 3 s.
  await setTime(a, 3);
  await expect(items(a)).toHaveCount(1);

  await setTime(a, 10);
  await expect(items(a)).toHaveCount(4);
  await itemWithBody(a, 'Watch the left side.').click();
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime))
    .toBeGreaterThan(4.676 - 0.3);
  const time = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
  expect(Math.abs(time - 4.676)).toBeLessThanOrEqual(0.3);
  await expect(items(a)).toHaveCount(2);
  await expect(itemWithBody(a, 'Here we go.').locator('.at')).toHaveText('[00:02]');
  await a.context().close();
});

test('a body that looks like HTML shows as text and runs nothing', async ({ browser }) => {
  const a = await openWatch(browser, POST_VIDEO, 'erin');
  const b = await openWatch(browser, POST_VIDEO, 'frank');
  let dialogs = 0;
  for (const page of [a, b]) page.on('dialog', async (dialog) => { dialogs++; await dialog.dismiss(); });

  const body = '<img src=x onerror=alert(1)>';
  await post(a, body);
  for (const page of [a, b]) {
    await expect(itemWithBody(page, body).first().locator('.body')).toHaveText(body);
    await expect(page.locator('ol.annotation-list img')).toHaveCount(0);
  }
  await b.reload();
  await expect(b.locator('.connection')).toHaveAttribute('data-state', 'connected');
  await expect(itemWithBody(b, body).first().locator('.body')).toHaveText(body);
  await expect(b.locator('ol.annotation-list img')).toHaveCount(0);
  await a.waitForTimeout(500);
  expect(dialogs).toBe(0);
  await a.context().close();
  await b.context().close();
});

test('a guest sees the annotations but no input', async ({ browser }) => {
  const guest = await openWatch(browser, REPLAY_VIDEO);
  await expect(guest.getByText('to annotate')).toBeVisible();
  await expect(guest.getByRole('textbox', { name: 'Annotation' })).toHaveCount(0);
  await expect(guest.getByRole('button', { name: 'Post' })).toHaveCount(0);
  await setTime(guest, 10);
  await expect(items(guest)).toHaveCount(4);
  await guest.context().close();
});

test('a refused socket is not retried in a tight loop, and the page says why', async ({ browser }) => {
  const page = await openHydrated(browser, REPLAY_VIDEO, { forgedToken: 'not-a-valid-token' });
  let attempts = 0;
  page.on('websocket', () => attempts++);
  const indicator = page.locator('.connection');
  await expect(indicator).toHaveAttribute('data-state', 'refused');
  await expect(indicator).toContainText('refused');
  const seen = attempts;
  await page.waitForTimeout(3000);
  expect(attempts, 'no attempt after the refusal').toBe(seen);
  await page.context().close();
});

test('a YouTube video whose script cannot load says so, and the annotations still work', async ({ browser }) => {
  const id = insertVideo('On YouTube', 'https://www.youtube.com/watch?v=XgQIM2fQ_t4');
  const page = await openWatch(browser, `/watch/${id}`, 'ivy');
  await expect(page.locator('.player-message')).toContainText('YouTube player', { timeout: 20_000 });
  const body = `noted without a player ${Date.now()}`;
  await post(page, body);
  await expect(itemWithBody(page, body)).toHaveCount(1);
  await page.context().close();
});

test('killed and restarted, the server loses and duplicates nothing for open pages', async ({ browser }) => {
  test.setTimeout(120_000);
  const a = await openWatch(browser, POST_VIDEO, 'gina');
  const b = await openWatch(browser, POST_VIDEO, 'hugo');

  await server.kill();
  for (const page of [a, b]) {
    await expect(page.locator('.connection')).toHaveAttribute('data-state', /reconnecting/);
  }
  await expect(a.locator('.connection')).toContainText('reconnecting');

  // Typed while the server is down: delivered once when it is back, or, if
  // it timed out, A is told, keeps the text, and can post it again.
  const offline = `typed while down ${Date.now()}`;
  await post(a, offline);
  await server.start();
  for (const page of [a, b]) {
    await expect(page.locator('.connection')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  }
  const delivered = itemWithBody(b, offline);
  const toldToResend = a.locator('.post-error');
  await expect
    .poll(async () => (await delivered.count()) + (await toldToResend.count()), { timeout: 15_000 })
    .toBeGreaterThan(0);
  if ((await toldToResend.count()) > 0) {
    await expect(a.getByRole('textbox', { name: 'Annotation' })).toHaveValue(offline);
    await a.getByRole('button', { name: 'Post' }).click();
  }
  await expect(itemWithBody(b, offline)).toHaveCount(1);
  await expect(itemWithBody(a, offline)).toHaveCount(1);

  const after = `after the restart ${Date.now()}`;
  await post(a, after);
  await expect(itemWithBody(b, after)).toHaveCount(1, { timeout: 1000 });
  await b.waitForTimeout(500);
  await expect(itemWithBody(b, after)).toHaveCount(1);

  for (const page of [a, b]) {
    const ids = await idsIn(page);
    expect(new Set(ids).size, 'no annotation is listed twice').toBe(ids.length);
  }
  await a.context().close();
  await b.context().close();
});
