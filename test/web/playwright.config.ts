import { defineConfig } from '@playwright/test';

/**
 * Browser tests: Debian's Chromium (installed by .ci/run; Playwright's own download cannot work
 * here) against the whole system started as `npm start` starts it (global-setup.ts). A failed test
 * keeps its screenshot and trace in test-results/web; every test keeps screenshots of the pages it
 * visits in test-results/screens.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/web',
  use: {
    browserName: 'chromium',
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/lib/chromium/chromium',
      // No traffic to Google's services: this machine reaches nothing outside.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
