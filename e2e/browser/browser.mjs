// Launching headless Chromium for the tests, calling the API, and small waiting helpers.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The server under test (run.sh sets CRM_URL). */
export const CRM_URL = (process.env.CRM_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');

/** Calls the API as `token`; returns the decoded JSON answer or throws with the problem. */
export async function api(method, path, token, body) {
  const response = await fetch(`${CRM_URL}/api/v1${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];

/** Starts Chromium with a fresh profile; returns { context, close }. */
export async function launch({
  locale = 'ru-RU', viewport = { width: 1280, height: 800 }, timezoneId = undefined,
} = {}) {
  const executablePath = CANDIDATES.find((path) => path && existsSync(path));
  if (!executablePath) throw new Error('Chromium not found; set CHROMIUM_PATH');
  const profile = mkdtempSync(join(tmpdir(), 'crm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    locale,
    viewport,
    timezoneId,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the element with `data-testid` shows exactly `expected` (trimmed). */
export async function waitForText(page, testid, expected, timeout = 15000) {
  const selector = `[data-testid="${testid}"]`;
  try {
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel)?.textContent.trim() === text,
      [selector, expected],
      { timeout },
    );
  } catch (error) {
    const actual = await page.locator(selector).first().textContent().catch(() => null);
    throw new Error(`${testid}: expected "${expected}", found ${JSON.stringify(actual)} at ${page.url()}`);
  }
}

/** Collects console errors, uncaught exceptions and CSP violations of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('console', (message) => {
    // Failed API calls (401 before a refresh, 404 …) are logged by the browser itself.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

/** Signs in through the login page, in English, and waits for the frame. */
export async function signIn(page, email, password) {
  await page.goto(`${CRM_URL}/login`);
  await page.locator('[data-testid="login-email"]').waitFor();
  // A language chosen in the browser wins over the one saved in the profile.
  await page.selectOption('[data-testid="lang-switch"]', 'en');
  await waitForText(page, 'login-submit', 'Sign in');
  await page.fill('[data-testid="login-email"]', email);
  await page.fill('[data-testid="login-password"]', password);
  await page.click('[data-testid="login-submit"]');
  await page.locator('[data-testid="sidebar"]').waitFor();
}
