/**
 * One browser session for a web test file: Debian's chromium (driven by playwright-core,
 * never a downloaded browser) against a real server over the tiny fixture, started
 * before the file's tests and closed after them. Screenshots go to test-output/web/ when
 * REMIXER_SCREENSHOTS=1.
 *
 * Without a chromium on the machine the tests are skipped with a note, unless
 * REMIXER_REQUIRE_BROWSER=1 (set by .ci/run, which installs chromium) makes them fail.
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWebPage, serverFixture, type ServerFixture } from './server-fixture.js';
import type { RunningServer } from '../server/server.js';

const CHROMIUM_CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];
const executablePath = CHROMIUM_CANDIDATES.find((p): p is string => !!p && existsSync(p));
const required = process.env['REMIXER_REQUIRE_BROWSER'] === '1';

/** The `skip` option of every browser test: false when a chromium is there (or required). */
export const BROWSER_SKIP: string | false = executablePath || required ? false : 'no chromium found (apt-get install chromium, or set CHROMIUM_PATH)';

/** Where screenshots go for people to look at: <repo>/test-output/web/. */
const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/web/', import.meta.url));

export interface BrowserSession {
  readonly fixture: ServerFixture;
  readonly server: RunningServer;
  /** Errors thrown in any page of the session (a test asserts none at its end). */
  readonly pageErrors: string[];
  openPage(path?: string): Promise<Page>;
  /** A full-page screenshot in test-output/web/<name>.png (with REMIXER_SCREENSHOTS=1). */
  shot(page: Page, name: string): Promise<Buffer>;
  /** Stops the server and starts it again on the same folders (what a restart keeps). */
  restartServer(): Promise<void>;
}

/** Registers the session's start and end with node:test; its fields are valid inside tests. */
export function browserSession(options: { score?: boolean; microphone?: (root: string) => Promise<string> } = {}): BrowserSession {
  let fixture: ServerFixture;
  let server: RunningServer;
  let webRoot: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  before(async () => {
    if (BROWSER_SKIP) return;
    assert.ok(executablePath, 'REMIXER_REQUIRE_BROWSER=1 but no chromium was found');
    fixture = await serverFixture({ score: options.score ?? false });
    webRoot = await buildWebPage();
    server = await fixture.start({ webRoot });
    // A fake microphone, when asked: chromium plays the WAV file in a loop as the capture device.
    const microphone = options.microphone ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${await options.microphone(fixture.root)}`] : [];
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', ...microphone],
    });
    await fs.mkdir(OUTPUT_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get fixture() {
      return fixture;
    },
    get server() {
      return server;
    },
    pageErrors,
    async openPage(path = '/') {
      const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1200, height: 1000 } });
      page.on('pageerror', (error) => {
        pageErrors.push(error.message);
        process.stderr.write(`page error: ${error.message}\n`);
      });
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector('body[data-ready="true"]');
      return page;
    },
    // Full-page PNGs cost CPU the suite has little of: written when REMIXER_SCREENSHOTS=1.
    shot: async (page, name) => (process.env['REMIXER_SCREENSHOTS'] === '1' ? page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true }) : Buffer.alloc(0)),
    async restartServer() {
      await server.close();
      server = await fixture.start({ webRoot });
    },
  };
}
