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
    assert.match(shown, /6:00\sPM$/, 'the English clock');
    if (task.deadline_local.startsWith(String(new Date().getFullYear()))) {
      assert.doesNotMatch(shown, new RegExp(String(new Date().getFullYear())), 'no year when it is this one');
    }
    // The lines the deadline's text takes (the cell itself is as tall as its row).
    const lines = await deadline.evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    assert.equal(lines, 1, 'the deadline stays on one line');
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

test('bulk actions on tasks: a bar that keeps the table still, move, reassign and close', async (t) => {
  const prefix = `Bulk ${suffix}`;
  const me = await api('GET', '/me', ownerToken);
  const category = (await api('GET', '/settings/lists/task_categories', ownerToken)).items[0].id;
  const colleague = await api('POST', '/users', ownerToken, {
    email: `bulk-${suffix}@example.com`, name: 'Bulk Colleague', password: 'another-horse-42', role: 'crm_user',
  });
  const day = dayInZone(me.user.time_zone, 5);
  const made = [];
  for (const n of [1, 2, 3]) {
    made.push(await api('POST', '/tasks', ownerToken, {
      title: `${prefix} ${n}`, category_id: category, deadline: `${day}T10:0${n}`,
    }));
  }
  const [first, second, third] = made;
  const row = (task) => page.locator(`[data-testid="task-row"][data-id="${task.id}"]`);

  await t.test('selecting shows the bar at the bottom of the screen, and the table stays where it was', async () => {
    await page.goto(`${CRM_URL}/tasks?mine=false&q=${encodeURIComponent(prefix)}`);
    await row(third).waitFor();
    const top = async () => (await page.locator('[data-testid="tasks-table"]').boundingBox()).y;
    const before = await top();
    await row(first).locator('[data-testid="task-select"]').check();
    const bar = page.locator('[data-testid="task-bulk-bar"]');
    await bar.waitFor();
    assert.equal(await top(), before, 'the table did not move');
    await row(second).locator('[data-testid="task-select"]').check();
    assert.match(await bar.textContent(), /Selected: 2/);
    const box = await bar.boundingBox();
    const height = await page.evaluate(() => window.innerHeight);
    assert.ok(Math.abs(box.y + box.height - height) <= 1, 'the bar sits on the bottom edge');
  });

  await t.test('moving the deadline a day later keeps the time', async () => {
    await page.selectOption('[data-testid="task-bulk-action"]', 'move_deadline');
    await page.selectOption('[data-testid="task-bulk-move"]', '1');
    await page.click('[data-testid="task-bulk-apply"]');
    await page.locator('[data-testid="bulk-outcome"] .banner-text', { hasText: 'Done: 2.' }).waitFor();
    const next = dayInZone(me.user.time_zone, 6);
    assert.equal((await api('GET', `/tasks/${first.id}`, ownerToken)).deadline_local, `${next}T10:01`);
    assert.equal((await api('GET', `/tasks/${second.id}`, ownerToken)).deadline_local, `${next}T10:02`);
    assert.equal((await api('GET', `/tasks/${third.id}`, ownerToken)).deadline_local, `${day}T10:03`);
    assert.equal(await page.locator('[data-testid="task-bulk-bar"]').count(), 0, 'the selection is cleared');
  });

  await t.test('reassigning gives the task to the colleague', async () => {
    await row(third).locator('[data-testid="task-select"]').check();
    await page.selectOption('[data-testid="task-bulk-action"]', 'reassign');
    await page.selectOption('[data-testid="task-bulk-responsible"]', String(colleague.id));
    await page.click('[data-testid="task-bulk-apply"]');
    await page.locator('[data-testid="bulk-outcome"] .banner-text', { hasText: 'Done: 1.' }).waitFor();
    assert.equal((await api('GET', `/tasks/${third.id}`, ownerToken)).responsible_id, colleague.id);
  });

  await t.test('"select all" and mark done closes every task shown', async () => {
    await row(third).waitFor();
    await page.locator('[data-testid="tasks-select-all"]').check();
    assert.match(await page.locator('[data-testid="task-bulk-bar"]').textContent(), /Selected: 3/);
    await page.selectOption('[data-testid="task-bulk-action"]', 'close');
    await page.click('[data-testid="task-bulk-apply"]');
    await page.locator('[data-testid="bulk-outcome"] .banner-text', { hasText: 'Done: 3.' }).waitFor();
    await page.locator('[data-testid="tasks-empty"]').waitFor();
    for (const task of made) {
      assert.equal((await api('GET', `/tasks/${task.id}`, ownerToken)).closed, true);
    }
    assert.deepEqual(errors, [], 'no script errors or CSP violations');
  });
});
