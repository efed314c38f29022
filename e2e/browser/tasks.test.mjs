// Tasks through the SPA: the owner opens a contact, gives it a task due "in 3 days" from its
// Tasks tab, finds the task in the Tasks list, closes it there with one click, and sees the
// "task closed" entry in the contact's history.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, waitForText, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';

const suffix = Date.now().toString(36);
const FIRST = 'Tatiana';
const LAST = `Zadachina${suffix}`;
const CONTACT = `${FIRST} ${LAST}`;
const TITLE = `Send the contract ${suffix}`;

let browser;
let page;
let errors;
let ownerToken;
let contact;
let task;

/** Signs in through the login page, in English, and waits for the frame. */
async function signIn(email, password) {
  await page.goto(`${CRM_URL}/login`);
  await page.locator('[data-testid="login-email"]').waitFor();
  await page.selectOption('[data-testid="lang-switch"]', 'en');
  await waitForText(page, 'login-submit', 'Sign in');
  await page.fill('[data-testid="login-email"]', email);
  await page.fill('[data-testid="login-password"]', password);
  await page.click('[data-testid="login-submit"]');
  await page.locator('[data-testid="sidebar"]').waitFor();
}

/** `YYYY-MM-DD` of the day `days` after today in the IANA time zone `zone`. */
function dayInZone(zone, days) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone || undefined, year: 'numeric', month: 'numeric', day: 'numeric',
  }).formatToParts(new Date());
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  const day = new Date(Date.UTC(part('year'), part('month') - 1, part('day') + days));
  return day.toISOString().slice(0, 10);
}

before(async () => {
  ownerToken = (await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD })).access_token;
  contact = await api('POST', '/contacts', ownerToken, {
    kind: 'person', first_name: FIRST, last_name: LAST, access: 'private',
  });
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await browser?.close();
});

test('a task for a contact: created in 3 days, listed, closed with one click, in the history', async (t) => {
  await t.test('the contact gets a task due in 3 days from its Tasks tab', async () => {
    const me = await api('GET', '/me', ownerToken);
    const expectedDay = dayInZone(me.user.time_zone, 3);

    await signIn(EMAIL, PASSWORD);
    await page.goto(`${CRM_URL}/contacts/${contact.id}`);
    await waitForText(page, 'contact-heading', CONTACT);
    await page.click('[data-testid="tab-tasks"]');
    await page.locator('[data-testid="tasks-empty"]').waitFor();
    await page.click('[data-testid="contact-task-new"]');
    const form = page.locator('[data-testid="task-form"]');
    await form.waitFor();
    // The form is about this contact already.
    assert.equal((await page.locator('[data-testid="task-contact"] a').textContent()).trim(), CONTACT);
    await page.fill('[data-testid="task-title"]', TITLE);
    await page.click('[data-testid="task-quick-3days"]');
    assert.equal(await page.inputValue('[data-testid="task-date"]'), expectedDay);
    assert.equal(await page.inputValue('[data-testid="task-time"]'), '18:00');
    assert.equal(await page.getAttribute('[data-testid="task-quick-3days"]', 'aria-pressed'), 'true');
    assert.equal(await page.inputValue('[data-testid="task-reminder"]'), '1d');
    assert.equal(await page.isChecked('#f-notify_responsible'), true);
    await page.click('[data-testid="task-save"]');

    const row = page.locator('[data-testid="task-row"]', {
      has: page.locator('[data-testid="task-link"]', { hasText: TITLE }),
    });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-closed'), 'false');
    await page.locator('[data-testid="notice"]', { hasText: TITLE }).waitFor();

    const stored = await api('GET', `/tasks?contact_id=${contact.id}&status=all`, ownerToken);
    assert.equal(stored.items.length, 1);
    task = stored.items[0];
    assert.equal(task.title, TITLE);
    assert.equal(task.contact_id, contact.id);
    assert.equal(task.responsible_id, me.user.id);
    assert.equal(task.deadline_local, `${expectedDay}T18:00`);
    assert.equal(task.reminder, '1d');
    assert.equal(task.closed, false);
  });

  await t.test('the task is in the Tasks list with its contact', async () => {
    await page.click('[data-testid="sidebar"] >> text=Tasks');
    await waitForText(page, 'page-title', 'Tasks');
    assert.equal(await page.getAttribute('[data-testid="tasks-tab-mine"]', 'aria-pressed'), 'true');
    const row = page.locator(`[data-testid="task-row"][data-id="${task.id}"]`);
    await row.waitFor();
    assert.equal((await row.locator('[data-testid="task-link"]').textContent()).trim(), TITLE);
    assert.equal((await row.locator('[data-testid="task-contact-link"]').textContent()).trim(), CONTACT);
    assert.equal(await row.locator('[data-testid="task-deadline"]').getAttribute('data-overdue'), 'false');
    const deadline = row.locator('[data-testid="task-deadline"]');
    const shown = (await deadline.textContent()).trim();
    assert.match(shown, /18:00$/);
    if (task.deadline_local.startsWith(String(new Date().getFullYear()))) {
      assert.doesNotMatch(shown, new RegExp(String(new Date().getFullYear())), 'no year when it is this one');
    }
    const box = await deadline.evaluate((e) => ({ lines: Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight || '20')) }));
    assert.ok(box.lines <= 2, 'the deadline stays on one line');
    assert.equal(await row.locator('[data-testid="task-edit"]').isVisible(), false, 'row actions wait in a menu');
    await row.locator('[data-testid="task-actions"] > summary').click();
    assert.equal(await row.locator('[data-testid="task-edit"]').isVisible(), true);
    await row.locator('[data-testid="task-actions"] > summary').click();
  });

  await t.test('one click on its box closes it', async () => {
    const row = page.locator(`[data-testid="task-row"][data-id="${task.id}"]`);
    const toggle = row.locator('[data-testid="task-toggle"]');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.notEqual(await toggle.evaluate((e) => e.tagName), 'INPUT', 'done is not a selection checkbox');
    await toggle.click();
    await page.locator(`[data-testid="task-row"][data-id="${task.id}"][data-closed="true"]`).waitFor();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    const stored = await api('GET', `/tasks/${task.id}`, ownerToken);
    assert.equal(stored.closed, true);
  });

  await t.test("the contact's history says the task was closed", async () => {
    const row = page.locator(`[data-testid="task-row"][data-id="${task.id}"]`);
    await row.locator('[data-testid="task-contact-link"]').click();
    await waitForText(page, 'contact-heading', CONTACT);
    await page.click('[data-testid="tab-history"]');
    const entry = page.locator('[data-testid="history-entry-content"][data-event="task_closed"]');
    await entry.waitFor();
    assert.equal((await entry.textContent()).trim(), `Task closed: ${TITLE}`);
  });

  assert.deepEqual(errors, [], 'no script errors or CSP violations');
});
