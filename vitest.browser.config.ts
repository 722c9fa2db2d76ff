// The web backend in real browsers: Debian's chromium (playwright-core over CDP) and firefox-esr
// (puppeteer-core over WebDriver BiDi, test/browser/firefox-provider.ts). `#backend/<family>` maps
// to src/backend/web, as a browser bundle of the package would resolve it. Run: npm run test:browser
// (needs the binaries: .ci/browsers.sh installs them).
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { firefoxBidi } from './test/browser/firefox-provider.js';

const webBackend = fileURLToPath(new URL('./src/backend/web/', import.meta.url));
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const firefoxPath = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

const chromium = playwright({
  launchOptions: {
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No --user-data-dir: playwright refuses it in launch() and gives every launch a fresh
      // temporary profile directory itself.
    ],
  },
});

export default defineConfig({
  resolve: {
    alias: [{ find: /^#backend\/(.*)$/, replacement: `${webBackend}$1.ts` }],
  },
  test: {
    // Not *.test.ts: the Node run (vitest.config.ts) must not pick these up.
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      // Launching two browsers on a loaded 2-core machine can take minutes (default 60 s).
      connectTimeout: 300_000,
      instances: [
        { browser: 'chromium', provider: chromium },
        { browser: 'firefox', provider: firefoxBidi({ executablePath: firefoxPath }) },
      ],
    },
  },
});
