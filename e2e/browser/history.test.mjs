// History, photos and notifications through the SPA: the owner adds a history entry with an
// attached text file to a contact (and downloads it again) and gives the contact a photo; a
// second CRM user, made a manager of the contact by the owner through the API, sees the bell
// count rise without a reload and a notification that names the contact.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, waitForText, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';

const suffix = Date.now().toString(36);
const COLLEAGUE = { email: `manager-${suffix}@example.com`, name: 'Second Manager', password: 'another-horse-42' };
const FIRST = 'Hanna';
const LAST = `Historia${suffix}`;
const CONTACT = `${FIRST} ${LAST}`;
const NOTE = `Discussed the offer ${suffix}`;
const FILE = { name: 'call-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(`Notes of the call ${suffix}\n`) };
// The smallest valid PNG: one transparent pixel.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let browser;
let page;
let errors;
let ownerToken;
let colleague;
let contact;

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

before(async () => {
  ownerToken = (await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD })).access_token;
  colleague = await api('POST', '/users', ownerToken, { ...COLLEAGUE, role: 'crm_user' });
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

test('history with files, a photo, and live notifications', async (t) => {
  await t.test('the owner adds a history entry with an attached file', async () => {
    await signIn(EMAIL, PASSWORD);
    await page.goto(`${CRM_URL}/contacts/${contact.id}`);
    await waitForText(page, 'contact-heading', CONTACT);
    await page.click('[data-testid="tab-history"]');
    await page.locator('[data-testid="history-empty"]').waitFor();
    await page.fill('[data-testid="history-content"]', NOTE);
    await page.setInputFiles('[data-testid="history-file-input"]', FILE);
    await page.locator('[data-testid="attachment"]', { hasText: FILE.name }).waitFor();
    await page.click('[data-testid="history-save"]');
    const entry = page.locator('[data-testid="history-entry"]', { hasText: NOTE });
    await entry.waitFor();
    await entry.locator('[data-testid="history-file"]', { hasText: FILE.name }).waitFor();
    assert.equal(await page.locator('[data-testid="history-entry"]').count(), 1);
    // The form is empty again for the next entry.
    assert.equal(await page.inputValue('[data-testid="history-content"]'), '');

    const stored = await api('GET', `/contacts/${contact.id}/history`, ownerToken);
    assert.equal(stored.items.length, 1);
    assert.equal(stored.items[0].content, NOTE);
    assert.deepEqual(stored.items[0].files.map((f) => f.name), [FILE.name]);
  });

  await t.test('the attached file downloads with its name and content', async () => {
    const entry = page.locator('[data-testid="history-entry"]', { hasText: NOTE });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      entry.locator('[data-testid="history-file"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), FILE.name);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString(), FILE.buffer.toString());
  });

  await t.test('the Files tab lists the file with who added it', async () => {
    await page.click('[data-testid="tab-files"]');
    const row = page.locator('[data-testid="file-row"]', { hasText: FILE.name });
    await row.waitFor();
    assert.equal((await row.locator('[data-testid="file-added-by"]').textContent()).trim(), 'Owner');
    assert.equal(await page.locator('[data-testid="file-row"]').count(), 1);
  });

  await t.test("a company's history and files include its people's", async () => {
    const company = await api('POST', '/contacts', ownerToken, { kind: 'company', name: `Historia Ltd ${suffix}` });
    const person = await api('GET', `/contacts/${contact.id}`, ownerToken);
    await api('PATCH', `/contacts/${contact.id}`, ownerToken, { company_id: company.id, version: person.version });
    await page.goto(`${CRM_URL}/contacts/${company.id}/history`);
    const entry = page.locator('[data-testid="history-entry"]', { hasText: NOTE });
    await entry.waitFor();
    assert.equal((await entry.locator('[data-testid="history-entry-record"]').textContent()).trim(), CONTACT);
    await page.locator('[data-testid="history-with-people"]').uncheck();
    await page.locator('[data-testid="history-empty"]').waitFor();
    await page.click('[data-testid="tab-files"]');
    const row = page.locator('[data-testid="file-row"]', { hasText: FILE.name });
    await row.waitFor();
    assert.equal((await row.locator('[data-testid="file-record"]').textContent()).trim(), CONTACT);
    await page.goto(`${CRM_URL}/contacts/${contact.id}`);
    await waitForText(page, 'contact-heading', CONTACT);
  });

  await t.test('the contact gets a photo instead of its initials', async () => {
    await waitForText(page, 'contact-photo-initials', 'HH');
    await page.setInputFiles('[data-testid="contact-photo-input"]', { name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL });
    const image = page.locator('[data-testid="contact-photo-image"]');
    await image.waitFor();
    assert.match(await image.getAttribute('src'), /^blob:/);
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-photo-image"]')?.naturalWidth > 0);
  });

  await t.test('a new manager sees the bell count rise live and the notification names the contact', async () => {
    await page.click('[data-testid="logout-button"]');
    await page.locator('[data-testid="login-email"]').waitFor();
    await signIn(COLLEAGUE.email, COLLEAGUE.password);
    // The stream is open and the count taken: from here on, news arrive without a reload.
    await page.locator('[data-testid="notification-bell"][data-live="true"]').waitFor();
    assert.equal(await page.locator('[data-testid="notification-count"]').count(), 0);

    const current = await api('GET', `/contacts/${contact.id}`, ownerToken);
    await api('PATCH', `/contacts/${contact.id}`, ownerToken, {
      manager_ids: [...current.manager_ids, colleague.id],
      version: current.version,
    });
    await waitForText(page, 'notification-count', '1');

    await page.click('[data-testid="notification-bell"]');
    const item = page.locator('[data-testid="notification-item"]', { hasText: CONTACT });
    await item.waitFor();
    assert.match(await item.textContent(), new RegExp(`Owner made you a manager of ${CONTACT}`));
    assert.equal(await item.getAttribute('data-read'), 'false');

    await item.locator('[data-testid="notification-open"]').click();
    await waitForText(page, 'contact-heading', CONTACT);
    await page.waitForFunction(() => !document.querySelector('[data-testid="notification-count"]'));
  });

  assert.deepEqual(errors, [], 'no script errors or CSP violations');
});
