// A vitest browser provider that drives the system Firefox (Debian firefox-esr) through
// puppeteer-core's WebDriver BiDi support. Playwright cannot: it needs its own patched Firefox
// build (the Juggler protocol), which cannot be downloaded here. The provider only opens the vitest
// tester page; tests talk to vitest over its own WebSocket, so no other command is needed.
import { defineBrowserProvider } from '@vitest/browser';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { BrowserProvider, BrowserProviderOption } from 'vitest/node';

/** Options: the Firefox binary (default /usr/bin/firefox-esr). */
export interface FirefoxProviderOptions {
  executablePath?: string;
}

class FirefoxBidiProvider implements BrowserProvider {
  readonly name = 'puppeteer-firefox';
  readonly supportsParallelism = false;
  #browser: Promise<Browser> | undefined;
  readonly #pages = new Map<string, Page>();
  readonly #profile = mkdtempSync(join(tmpdir(), 'zkvault-firefox-'));
  readonly #options: FirefoxProviderOptions;

  constructor(options: FirefoxProviderOptions) {
    this.#options = options;
  }

  #launch(): Promise<Browser> {
    this.#browser ??= puppeteer.launch({
      browser: 'firefox',
      executablePath: this.#options.executablePath ?? '/usr/bin/firefox-esr',
      headless: true,
      userDataDir: this.#profile,
      // No updates, telemetry or first-run pages: loopback only.
      extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'network.dns.disableIPv6': true },
    });
    return this.#browser;
  }

  getCommandsContext(sessionId: string): Record<string, unknown> {
    return { page: this.#pages.get(sessionId) };
  }

  async openPage(sessionId: string, url: string): Promise<void> {
    const browser = await this.#launch();
    await this.#pages.get(sessionId)?.close();
    const page = await browser.newPage();
    this.#pages.set(sessionId, page);
    await page.goto(url, { timeout: 0 });
  }

  async close(): Promise<void> {
    const browser = await this.#browser;
    this.#browser = undefined;
    this.#pages.clear();
    await browser?.close();
    rmSync(this.#profile, { recursive: true, force: true });
  }
}

/** @returns the provider option for `test.browser.instances[].provider`. */
export function firefoxBidi(options: FirefoxProviderOptions = {}): BrowserProviderOption<FirefoxProviderOptions> {
  return defineBrowserProvider({
    name: 'puppeteer-firefox',
    supportedBrowser: ['firefox'],
    options,
    providerFactory: () => new FirefoxBidiProvider(options),
  });
}
