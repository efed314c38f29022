// Cases through the SPA: a case made from a contact's page with a second participant added
// and one removed, closed with one tick in the list and reopened from its page; a restricted
// case that another CRM user cannot find; the contact's cases and deals tabs, and the
// contacts filter "has deals".
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, signIn, waitForText, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';
const suffix = Date.now().toString(36);
const COLLEAGUE = { email: `cases-${suffix}@example.com`, name: 'Case colleague', password: 'another-horse-42' };
const HOST = `Expo Host ${suffix}`;
const GUEST = `Expo Guest ${suffix}`;
const CASE = `Trade fair ${suffix}`;
const SECRET = `Secret summit ${suffix}`;

let browser;
let page;
let errors;
let hostId;

before(async () => {
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  await api('POST', '/users', owner.access_token, { ...COLLEAGUE, role: 'crm_user' });
  hostId = (await api('POST', '/contacts', owner.access_token, { kind: 'company', name: HOST })).id;
  await api('POST', '/contacts', owner.access_token, { kind: 'company', name: GUEST });
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await browser?.close();
});

test('a case with its participants, closed and reopened', async (t) => {
  await t.test('the contact page opens a new case with the contact in it', async () => {
    await signIn(page, EMAIL, PASSWORD);
    await page.goto(`${CRM_URL}/contacts/${hostId}`);
    await page.click('[data-testid="contact-new-case"]');
    await page.locator('[data-testid="case-form-participant"]', { hasText: HOST }).waitFor();
    await page.fill('[data-testid="case-title"]', CASE);
    await page.fill('[data-testid="case-participant-search"]', GUEST);
    await page.click(`[data-testid="case-participant-search-match"] >> text=${GUEST}`);
    await page.locator('[data-testid="case-form-participant"]', { hasText: GUEST }).waitFor();
    await page.click('[data-testid="case-save"]');
    await waitForText(page, 'case-heading', CASE);
    await waitForText(page, 'case-state', 'Open');
    // The participants' names load after the case itself.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="case-participant"]').length === 2);
  });

  await t.test('a participant is removed with one click', async () => {
    await page.click('[data-testid="case-edit"]');
    await page
      .locator('[data-testid="case-form-participant"]', { hasText: GUEST })
      .locator('[data-testid="case-participant-remove"]')
      .click();
    assert.equal(await page.locator('[data-testid="case-form-participant"]').count(), 1);
    await page.click('[data-testid="case-save"]');
    await waitForText(page, 'case-heading', CASE);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="case-participant"]').length === 1);
  });

  await t.test('one tick in the list closes it; its page reopens it', async () => {
    await page.click('[data-testid="sidebar"] >> text=Cases');
    await page.fill('[data-testid="cases-search"]', CASE);
    await page.press('[data-testid="cases-search"]', 'Enter');
    const row = page.locator('[data-testid="case-row"]', { hasText: CASE });
    // The search's answer is in (a tick on the rows it replaces would be redrawn away).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="case-row"]').length === 1
      && !document.querySelector('[data-testid="cases-table"].stale'));
    await row.locator('[data-testid="case-closed"]').check();
    // Open cases are listed by default: the closed one leaves the list.
    await page.locator('[data-testid="cases-empty"]').waitFor();
    await page.selectOption('[data-testid="cases-state"]', 'closed');
    await row.waitFor();
    assert.ok(await row.locator('[data-testid="case-closed"]').isChecked());
    await row.locator('[data-testid="case-link"]').click();
    await waitForText(page, 'case-state', 'Closed');
    await page.click('[data-testid="case-toggle"]');
    await waitForText(page, 'case-state', 'Open');
  });

  await t.test('the contact lists its cases', async () => {
    await page.goto(`${CRM_URL}/contacts/${hostId}/cases`);
    await page.locator('[data-testid="contact-case"]', { hasText: CASE }).waitFor();
    await page.goto(`${CRM_URL}/contacts/${hostId}/deals`);
    await page.locator('[data-testid="contact-deals"]').waitFor();
    // The contacts without deals include it, those with deals do not; the URL keeps the filter.
    await page.goto(`${CRM_URL}/contacts?q=${encodeURIComponent(HOST)}`);
    await page.locator('[data-testid="contact-row"]', { hasText: HOST }).waitFor();
    await page.click('[data-testid="more-filters-summary"]');
    await page.selectOption('[data-testid="filter-has-deals"]', 'true');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 0);
    assert.match(page.url(), /has_deals=true/);
    await page.selectOption('[data-testid="filter-has-deals"]', 'false');
    await page.locator('[data-testid="contact-row"]', { hasText: HOST }).waitFor();
    assert.deepEqual(errors, []);
  });
});

test('a restricted case is not found by another CRM user', async (t) => {
  await t.test('the owner restricts a new case to himself', async () => {
    await page.goto(`${CRM_URL}/cases/new`);
    await page.fill('[data-testid="case-title"]', SECRET);
    await page.check('#f-restricted');
    await page.click('[data-testid="case-save"]');
    await waitForText(page, 'case-heading', SECRET);
    await page.locator('[data-testid="case-restricted"]').waitFor();
  });

  await t.test('the colleague searches for it and finds nothing', async () => {
    await page.click('[data-testid="logout-button"]');
    await page.locator('[data-testid="login-email"]').waitFor();
    await signIn(page, COLLEAGUE.email, COLLEAGUE.password);
    await page.goto(`${CRM_URL}/cases?q=${encodeURIComponent(SECRET)}`);
    await page.locator('[data-testid="cases-empty"]').waitFor();
    assert.equal(await page.locator('[data-testid="case-row"]').count(), 0);
    await page.goto(`${CRM_URL}/cases?q=${encodeURIComponent(CASE)}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="case-row"]').length === 1);
  });
});
