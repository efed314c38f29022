// The SPA against a running server: language switch before and after login, the app frame,
// a reload that keeps both the language and the session, phone layout, logout.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launch, waitForText, watchErrors } from './browser.mjs';

const CRM_URL = (process.env.CRM_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';

let browser;
let page;
let errors;
const appFiles = [];

before(async () => {
  // A Russian browser, so that switching to English is visible.
  browser = await launch({ locale: 'ru-RU' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
  page.on('response', (response) => {
    if (/\/(app|boot|style)-[0-9a-f]+(_bg)?\.(js|wasm|css)$/.test(new URL(response.url()).pathname)) {
      appFiles.push(response);
    }
  });
});

after(async () => {
  await browser?.close();
});

test('the language, the frame and the session survive a reload', async (t) => {
  await t.test('the login page follows the browser language, then the switch', async () => {
    await page.goto(`${CRM_URL}/`);
    await page.locator('[data-testid="login-email"]').waitFor();
    assert.match(new URL(page.url()).pathname, /^\/login$/);
    await waitForText(page, 'page-title', 'Вход');
    await page.selectOption('[data-testid="lang-switch"]', 'en');
    await waitForText(page, 'page-title', 'Sign in');
    await waitForText(page, 'login-submit', 'Sign in');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  });

  await t.test('the app arrives precompressed with brotli, under 720 KB on the wire', async () => {
    assert.equal(appFiles.length, 4, appFiles.map((r) => r.url()).join(', '));
    let wire = 0;
    for (const response of appFiles) {
      const headers = await response.allHeaders();
      assert.equal(headers['content-encoding'], 'br', response.url());
      wire += Number(headers['content-length']);
    }
    assert.ok(wire < 720 * 1024, `the app is ${wire} bytes on the wire`);
    console.log(`app on the wire: ${wire} bytes`);
  });

  await t.test('wrong credentials give a translated message', async () => {
    await page.fill('[data-testid="login-email"]', EMAIL);
    await page.fill('[data-testid="login-password"]', `${PASSWORD}-wrong`);
    await page.click('[data-testid="login-submit"]');
    await waitForText(page, 'problem', 'Wrong email or password.');
  });

  await t.test('signing in shows the frame in English', async () => {
    await page.fill('[data-testid="login-password"]', PASSWORD);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="sidebar"]').waitFor();
    await waitForText(page, 'page-title', 'Home');
    await waitForText(page, 'logout-button', 'Log out');
    assert.equal(new URL(page.url()).pathname, '/');
    const sidebar = await page.locator('[data-testid="sidebar"]').textContent();
    assert.match(sidebar, /Users/, 'an owner sees the administration pages');
    assert.equal(await page.evaluate(() => localStorage.getItem('crm.lang')), 'en');
  });

  await t.test('the switch in the top bar translates the frame', async () => {
    await page.selectOption('[data-testid="lang-switch"]', 'ru');
    await waitForText(page, 'logout-button', 'Выйти');
    await waitForText(page, 'page-title', 'Главная');
    const sidebar = await page.locator('[data-testid="sidebar"]').textContent();
    assert.match(sidebar, /Пользователи/);
    assert.equal(await page.evaluate(() => localStorage.getItem('crm.lang')), 'ru');
  });

  await t.test('a reload keeps the language and the session', async () => {
    await page.reload();
    await page.locator('[data-testid="sidebar"]').waitFor();
    await waitForText(page, 'logout-button', 'Выйти');
    await waitForText(page, 'page-title', 'Главная');
    assert.equal(await page.inputValue('[data-testid="lang-switch"]'), 'ru');
    assert.equal(new URL(page.url()).pathname, '/');
  });

  await t.test("the owner's zone, not set by setup, is the browser's from the first sign-in", async () => {
    await page.goto(`${CRM_URL}/profile`);
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const field = page.locator('[data-testid="profile-form"] input[name="time_zone"]');
    await page.waitForFunction(
      ([sel, expected]) => document.querySelector(sel)?.value === expected,
      ['[data-testid="profile-form"] input[name="time_zone"]', zone],
    ).catch(async () => assert.equal(await field.inputValue(), zone));
    const options = await page.locator('datalist#time-zones option').count();
    assert.ok(options > 300, `the zone list offers ${options} zones`);
  });

  await t.test('in a browser on another zone, times are in the profile zone and name it', async () => {
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const away = zone === 'Asia/Tokyo' ? 'America/New_York' : 'Asia/Tokyo';
    const traveller = await launch({ locale: 'en-US', timezoneId: away });
    try {
      const other = traveller.context.pages()[0] ?? (await traveller.context.newPage());
      await other.goto(`${CRM_URL}/login`);
      await other.fill('[data-testid="login-email"]', EMAIL);
      await other.fill('[data-testid="login-password"]', PASSWORD);
      await other.click('[data-testid="login-submit"]');
      await other.locator('[data-testid="sidebar"]').waitFor();
      await other.goto(`${CRM_URL}/users`);
      await other.locator('[data-testid="users-table"]').waitFor();
      const name = await other.evaluate((z) => new Intl.DateTimeFormat('en-US', { timeZone: z, timeZoneName: 'short' })
        .formatToParts(new Date()).find((p) => p.type === 'timeZoneName').value, zone);
      await other.waitForFunction(
        (n) => document.querySelector('[data-testid="users-table"]').textContent.includes(n), name,
      ).catch(async () => assert.fail(`no "${name}" in ${await other.locator('[data-testid="users-table"]').textContent()}`));
    } finally {
      await traveller.close();
    }
  });

  await t.test('a client route loads directly and the CRM settings page works', async () => {
    await page.goto(`${CRM_URL}/settings/crm`);
    await waitForText(page, 'page-title', 'Настройки CRM');
    await page.locator('[data-testid="crm-settings"]').waitFor();
  });

  await t.test('a new API token says what it may do, one level including the weaker ones', async () => {
    await page.goto(`${CRM_URL}/api-tokens/new`);
    const choice = page.locator('[data-testid="token-scope"]');
    await choice.waitFor();
    const offered = await choice.locator('option').allTextContents();
    assert.deepEqual(offered.map((o) => o.trim()),
      ['Только чтение', 'Чтение и запись', 'Чтение, запись и администрирование']);
    assert.equal(await choice.inputValue(), 'read');
    await choice.selectOption('write');
    await page.fill('[data-testid="token-form"] input[name="name"]', 'Интеграция');
    await page.click('[data-testid="token-form"] button[type="submit"]');
    await page.locator('[data-testid="token-secret"]').waitFor();
    await page.goto(`${CRM_URL}/api-tokens`);
    await page.locator('td', { hasText: 'Чтение и запись' }).first().waitFor();
  });

  await t.test('on a phone the sidebar hides behind the menu button', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${CRM_URL}/`);
    await waitForText(page, 'page-title', 'Главная');
    const sidebar = page.locator('[data-testid="sidebar"]');
    const hidden = await sidebar.boundingBox();
    assert.ok(hidden && hidden.x + hidden.width <= 0, 'the sidebar is off screen');
    assert.ok(await page.isVisible('[data-testid="lang-switch"]'), 'the language switch stays visible');
    await page.click('[data-testid="menu-toggle"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="sidebar"]').getBoundingClientRect().x >= 0,
    );
    const dir = mkdtempSync(join(tmpdir(), 'crm-screens-'));
    await page.screenshot({ path: join(dir, 'phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${CRM_URL}/`);
    await waitForText(page, 'page-title', 'Главная');
    const shot = join(dir, 'home.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshots: ${dir}`);
  });

  await t.test('logging out returns to the login page for good', async () => {
    await page.click('[data-testid="logout-button"]');
    await page.locator('[data-testid="login-email"]').waitFor();
    await waitForText(page, 'page-title', 'Вход');
    assert.equal(await page.evaluate(() => localStorage.getItem('crm.refresh_token')), null);
    await page.reload();
    await page.locator('[data-testid="login-email"]').waitFor();
  });

  assert.deepEqual(errors, [], 'no script errors or CSP violations');
});
