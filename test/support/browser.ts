import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CONSOLE_ASSETS_DIR } from '../../src/api/console-router';

const ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOTS_DIR = path.join(ROOT, 'test', 'browser', 'screenshots');

/** Debian's chromium (scripts/setup-browser.sh installs it), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(candidate)) {
    throw new Error(
      `Chromium not found at ${candidate}: the browser tests need it. Run scripts/setup-browser.sh ` +
        '(apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return candidate;
}

function newestMtime(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.parentPath.includes('generated'))
    .reduce((max, e) => Math.max(max, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
}

/** The tests drive the built console: (re)built when missing or older than its sources or the API's. */
export function ensureConsoleBuilt(): void {
  const index = path.join(CONSOLE_ASSETS_DIR, 'index.html');
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'web', 'src')),
    newestMtime(path.join(ROOT, 'src', 'api')),
  );
  if (builtAt > sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.js'), '--strict'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export async function launchBrowser(): Promise<Browser> {
  // Root in a container: Chromium's sandbox needs user namespaces it does not have there.
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}

export async function listen(app: { listen: (port: number, cb: () => void) => Server }) {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const pageErrors = new WeakMap<Page, string[]>();

/** Keeps the page's uncaught errors, so a failed step can say why the page went blank. */
export function recordPageErrors(page: Page): void {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (err) => errors.push(err.message));
}

/** Runs one user step; when it fails, a screenshot of the page is kept in test/browser/screenshots. */
export async function step<T>(page: Page, name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    const file = path.join(SCREENSHOTS_DIR, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    const errors = pageErrors.get(page) ?? [];
    const inPage = errors.length ? `\nErrors in the page: ${errors.join(' | ')}` : '';
    throw new Error(
      `${name}: ${(err as Error).message}${inPage}\n(screenshot: ${path.relative(ROOT, file)})`,
      {
        cause: err,
      },
    );
  }
}
