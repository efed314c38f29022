// The home page as "my day": a colleague gives the owner an overdue task, the owner has one
// due today; the home page shows both, the unread notification, the contacts with the latest
// activity and the contact just opened, and each card leads to its filtered list.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, waitForText, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';

const suffix = Date.now().toString(36);
const COLLEAGUE = { email: `day-${suffix}@example.com`, name: 'Day Colleague', password: 'another-horse-42' };
const CONTACT = `Dnevnik ${suffix}`;
const LATE = `Call back ${suffix}`;
const TODAY = `Send the offer ${suffix}`;

let browser;
let page;
let errors;
let ownerToken;
let me;
let contact;
let late;
let today;

/** `YYYY-MM-DD` of today in the IANA time zone `zone`. */
function todayInZone(zone) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone || undefined, year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date());
}

before(async () => {
  ownerToken = (await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD })).access_token;
  me = await api('GET', '/me', ownerToken);
  await api('POST', '/users', ownerToken, { ...COLLEAGUE, role: 'crm_user' });
  const colleagueToken = (await api('POST', '/auth/login', null, {
    email: COLLEAGUE.email, password: COLLEAGUE.password,
  })).access_token;
  const category = (await api('GET', '/settings/lists/task_categories', ownerToken)).items[0].id;
  contact = await api('POST', '/contacts', ownerToken, { kind: 'company', name: CONTACT, access: 'shared_write' });
  late = await api('POST', '/tasks', colleagueToken, {
    title: LATE, category_id: category, responsible_id: me.user.id, notify_responsible: true,
    contact_id: contact.id, deadline: new Date(Date.now() - 2 * 86400e3).toISOString(),
  });
  today = await api('POST', '/tasks', ownerToken, {
    title: TODAY, category_id: category, deadline: `${todayInZone(me.user.time_zone)}T23:59`,
  });
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
});

after(async () => {
  await browser?.close();
});

test('my day: tasks, contacts and unread notifications, each leading to its list', async (t) => {
  await t.test('the home page shows the overdue task, the one due today and the notification', async () => {
    await page.goto(`${CRM_URL}/login`);
    await page.locator('[data-testid="login-email"]').waitFor();
    await page.selectOption('[data-testid="lang-switch"]', 'en');
    await page.fill('[data-testid="login-email"]', EMAIL);
    await page.fill('[data-testid="login-password"]', PASSWORD);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="my-day"]').waitFor();

    const overdue = page.locator('[data-testid="day-overdue"]');
    await overdue.locator('[data-testid="day-task"]', { hasText: LATE }).waitFor();
    assert.equal(await overdue.locator('[data-testid="day-task"]', { hasText: TODAY }).count(), 0);
    const dueToday = page.locator('[data-testid="day-today"]');
    await dueToday.locator('[data-testid="day-task"]', { hasText: TODAY }).waitFor();
    assert.equal(await dueToday.locator('[data-testid="day-task"]', { hasText: LATE }).count(), 0);

    const unread = page.locator('[data-testid="day-unread"]');
    await unread.locator('[data-testid="day-notification"]', { hasText: LATE }).waitFor();
    const count = Number(await unread.locator('[data-testid="day-count"]').getAttribute('data-count'));
    assert.ok(count >= 1);
    assert.equal((await page.locator('[data-testid="notification-count"]').textContent()).trim(),
      count > 99 ? '99+' : String(count));

    const changed = page.locator('[data-testid="day-changed"]');
    await changed.locator('[data-testid="day-contact"]').first().waitFor();
  });

  await t.test('"show all" of the overdue card opens the tasks list filtered the same way', async () => {
    await page.click('[data-testid="day-overdue"] [data-testid="day-show-all"] a');
    await waitForText(page, 'page-title', 'Tasks');
    const url = new URL(page.url());
    assert.equal(url.pathname, '/tasks');
    assert.equal(url.searchParams.get('mine'), 'true');
    assert.equal(url.searchParams.get('due'), 'overdue');
    await page.locator(`[data-testid="task-row"][data-id="${late.id}"]`).waitFor();
    assert.equal(await page.locator(`[data-testid="task-row"][data-id="${today.id}"]`).count(), 0);
    assert.equal(await page.inputValue('[data-testid="filter-due"]'), 'overdue');
  });

  await t.test('a contact opened is on the home page; opening the notification marks it read', async () => {
    await page.goto(`${CRM_URL}/contacts/${contact.id}`);
    await waitForText(page, 'contact-heading', CONTACT);
    await page.click('[data-testid="sidebar"] a[href="/"]');
    const viewed = page.locator('[data-testid="day-viewed"] [data-testid="day-viewed-contact"]').first();
    await viewed.waitFor();
    assert.equal((await viewed.textContent()).trim(), CONTACT);

    const before = Number(await page.locator('[data-testid="day-unread"] [data-testid="day-count"]').getAttribute('data-count'));
    await page.click(`[data-testid="day-notification"]:has-text("${LATE}") button`);
    await page.waitForURL(`${CRM_URL}/tasks/${late.id}`);
    const after = before - 1;
    const bell = page.locator('[data-testid="notification-count"]');
    if (after === 0) {
      await bell.waitFor({ state: 'detached' });
    } else {
      await waitForText(page, 'notification-count', after > 99 ? '99+' : String(after));
    }
    const stored = await api('GET', '/notifications?unread=true&limit=200', ownerToken);
    assert.equal(stored.items.some((n) => n.params.task_id === late.id), false);
  });

  await t.test('at phone width nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${CRM_URL}/`);
    await page.locator('[data-testid="day-today"] [data-testid="day-task"]').first().waitFor();
    const wide = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      // The elements whose content spills out of them, for the message.
      past: [...document.querySelectorAll('main *')]
        .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.dataset.testid ?? ''}`),
    }));
    assert.ok(wide.width <= 390, `page is ${wide.width} px wide: ${wide.past.join(', ')}`);
    assert.deepEqual(errors, []);
  });
});
