// Playwright against the release build in Debian's Chromium.
//
// `scripts/test.sh` picks a free port (RUMBL_E2E_PORT) and names the server
// binary (RUMBL_SERVER_BIN); the global setup starts that server on a
// throw-away data folder, so every run begins from the demo data alone.
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './support/chromium';

const port = Number(process.env.RUMBL_E2E_PORT ?? 4100);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1, // two cores: the server, the browser and the tests already share them
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  globalSetup: './support/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: CHROMIUM,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
