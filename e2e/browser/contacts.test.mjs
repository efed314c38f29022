// Contacts through the SPA: the owner creates a shared company and a private person in it
// (e-mail, phone, tag), finds them in the list; a second CRM user then finds the shared
// company but not the private person.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, waitForText, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';

const suffix = Date.now().toString(36);
// A 1×1 PNG.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const COLLEAGUE = { email: `colleague-${suffix}@example.com`, name: 'Colleague', password: 'another-horse-42' };
const COMPANY = `Acme Shared ${suffix}`;
const FIRST = 'Ivan';
const LAST = `Privatov${suffix}`;
const PERSON = `${FIRST} ${LAST}`;
const FAMILY = `Rowan${suffix}`;
const FAMILY_SIZE = 60;

let browser;
let ownerToken;
let page;
let errors;

/** Signs in through the login page, in English, and waits for the frame. */
async function signIn(email, password) {
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

/** Opens the contacts list from the sidebar and searches for `text`. */
async function search(text) {
  await page.click('[data-testid="sidebar"] >> text=Contacts');
  await waitForText(page, 'page-title', 'Contacts');
  await page.fill('[data-testid="contacts-search"]', text);
  await page.press('[data-testid="contacts-search"]', 'Enter');
}

/** The one row of the contacts table, once the search for the contact `name` has loaded. */
async function onlyRowWith(name) {
  const link = page.locator('[data-testid="contact-link"]', { hasText: name });
  const row = page.locator('[data-testid="contact-row"]', { has: link });
  await row.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 1);
  return row;
}

/** Waits until the search has loaded and found nothing. */
async function nothingFound() {
  await page.locator('[data-testid="contacts-empty"]').waitFor();
  assert.equal(await page.locator('[data-testid="contact-row"]').count(), 0);
}

before(async () => {
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  ownerToken = owner.access_token;
  await api('POST', '/users', owner.access_token, { ...COLLEAGUE, role: 'crm_user' });
  // More than a page of one family, to leave the list and come back far down it.
  for (let n = 10; n < 10 + FAMILY_SIZE; n += 1) {
    await api('POST', '/contacts', owner.access_token, { kind: 'person', first_name: `Member ${n}`, last_name: FAMILY });
  }
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
  // Confirmation dialogs are not expected in this flow; accept any to avoid a hang.
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await browser?.close();
});

test('contacts: private persons stay with their managers, shared companies are seen by all', async (t) => {
  await t.test('the owner creates a shared company from the Create menu', async () => {
    await signIn(EMAIL, PASSWORD);
    await page.locator('[data-testid="sidebar"] >> text=Contacts').waitFor();
    await page.click('[data-testid="create-button"]');
    await page.click('[data-testid="create-company"]');
    await waitForText(page, 'page-title', 'New company');
    await page.fill('[data-testid="contact-name"]', COMPANY);
    await page.selectOption('[data-testid="contact-access"]', 'shared_read');
    await page.click('[data-testid="contact-save"]');
    await waitForText(page, 'contact-heading', COMPANY);
    assert.equal(await page.getAttribute('[data-testid="access-badge"]', 'data-access'), 'shared_read');
  });

  await t.test('a private person in that company gets an e-mail, a phone and a tag', async () => {
    await page.click('[data-testid="create-button"]');
    await page.click('[data-testid="create-person"]');
    await waitForText(page, 'page-title', 'New person');
    await page.fill('[data-testid="contact-first-name"]', FIRST);
    await page.fill('[data-testid="contact-last-name"]', LAST);
    await page.fill('[data-testid="contact-company-search"]', COMPANY);
    await page.click(`[data-testid="contact-company-search-match"] >> text=${COMPANY}`);
    await page.locator('[data-testid="contact-company"]', { hasText: COMPANY }).waitFor();
    // A new form has an e-mail and a phone field open.
    await page.fill('[data-testid="detail-email-0"]', `ivan.${suffix}@example.com`);
    await page.fill('[data-testid="detail-phone-1"]', '+7 495 123-45-67');
    await page.fill('[data-testid="contact-tags"]', 'VIP');
    await page.press('[data-testid="contact-tags"]', 'Enter');
    await page.locator('[data-testid="tag-chip"]', { hasText: 'VIP' }).waitFor();
    await page.selectOption('[data-testid="contact-access"]', 'private');
    await page.click('[data-testid="contact-save"]');
    await waitForText(page, 'contact-heading', PERSON);
    await page.waitForFunction((name) => document.title === `${name} · Contact · CRM`, PERSON)
      .catch(async () => assert.fail(`the tab is titled "${await page.title()}"`));
    assert.equal(await page.getAttribute('[data-testid="access-badge"]', 'data-access'), 'private');
    const kinds = await page.$$eval('[data-testid="contact-detail"]', (items) => items.map((i) => i.dataset.kind));
    assert.deepEqual(kinds.sort(), ['email', 'phone']);
    await waitForText(page, 'contact-tags-view', 'VIP');
  });

  await t.test('the company lists the person among its people', async () => {
    await page.click(`[data-testid="contact-profile"] >> text=${COMPANY}`);
    await waitForText(page, 'contact-heading', COMPANY);
    await page.click('[data-testid="tab-people"]');
    await page.locator('[data-testid="person-row"]', { hasText: PERSON }).waitFor();
  });

  await t.test("a person created from the company's People tab; Save and create another keeps the company", async () => {
    await page.click('[data-testid="people-new"]');
    await waitForText(page, 'page-title', 'New person');
    await page.locator('[data-testid="contact-company"]', { hasText: COMPANY }).waitFor();
    await page.fill('[data-testid="contact-first-name"]', 'Petr');
    await page.fill('[data-testid="contact-last-name"]', `Teamov${suffix}`);
    await page.click('[data-testid="contact-save-new"]');
    await page.locator('[data-testid="notice"]').waitFor();
    await page.locator('[data-testid="contact-company"]', { hasText: COMPANY }).waitFor();
    assert.equal(await page.inputValue('[data-testid="contact-first-name"]'), '');
    assert.equal(await page.inputValue('[data-testid="detail-email-0"]'), '');
  });

  await t.test('the list shows the private person with its company and tag', async () => {
    await search(LAST);
    const row = await onlyRowWith(PERSON);
    assert.match(await row.textContent(), new RegExp(COMPANY));
    assert.match(await row.textContent(), /VIP/);
    assert.equal(await row.locator('[data-testid="access-badge"]').getAttribute('data-access'), 'private');
    assert.equal(await row.locator('[data-testid="contact-email"]').getAttribute('href'), `mailto:ivan.${suffix}@example.com`);
    assert.equal(await row.locator('[data-testid="contact-phone"]').getAttribute('href'), 'tel:+74951234567');
    await page.click('[data-testid="sort-by-name"]');
    assert.equal(new URL(page.url()).searchParams.get('sort'), '-name');
    assert.equal(await page.getAttribute('th:has([data-testid="sort-by-name"])', 'aria-sort'), 'descending');
    await page.click('[data-testid="sort-by-name"]');
    assert.equal(new URL(page.url()).searchParams.get('sort'), null);
    await page.click('[data-testid="sort-by-last_activity"]');
    assert.equal(new URL(page.url()).searchParams.get('sort'), '-last_activity');
    await search(COMPANY);
    const company = await onlyRowWith(COMPANY);
    assert.doesNotMatch(await company.textContent(), new RegExp(LAST));
    assert.equal(await company.locator('[data-testid="access-badge"]').getAttribute('data-access'), 'shared_read');
  });

  await t.test('a list lives in its URL: Back from a contact returns to the same rows at the same row', async () => {
    await search(FAMILY);
    await page.locator('[data-testid="load-more"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="contact-row"]').length === n, FAMILY_SIZE);
    // The address follows the rows shown once they are on screen.
    await page.waitForFunction((n) => new URL(location.href).searchParams.get('rows') === String(n), FAMILY_SIZE);
    const listUrl = new URL(page.url());
    assert.equal(listUrl.searchParams.get('q'), FAMILY);
    assert.equal(listUrl.searchParams.get('rows'), String(FAMILY_SIZE));
    const far = page.locator('[data-testid="contact-row"]').nth(FAMILY_SIZE - 3);
    const id = await far.getAttribute('data-id');
    const name = (await far.locator('[data-testid="contact-link"]').textContent()).trim();
    await far.locator('[data-testid="contact-link"]').click();
    await waitForText(page, 'contact-heading', name);
    await page.goBack();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="contact-row"]').length === n, FAMILY_SIZE);
    assert.equal(await page.inputValue('[data-testid="contacts-search"]'), FAMILY);
    assert.equal(new URL(page.url()).searchParams.get('at'), id);
    const row = page.locator(`[data-testid="contact-row"][data-id="${id}"]`);
    await page.waitForFunction((sel) => {
      const box = document.querySelector(sel).getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }, `[data-testid="contact-row"][data-id="${id}"]`);
    assert.ok(await row.isVisible());
  });

  await t.test('search runs as one types; the old rows are marked stale until the new ones come', async () => {
    await search(FAMILY);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 50);
    const slow = (url) => url.pathname === '/api/v1/contacts' && url.searchParams.get('q') === COMPANY;
    const searched = [];
    await page.route(slow, async (route) => {
      searched.push(route.request().url());
      await new Promise((resolve) => { setTimeout(resolve, 800); });
      await route.continue();
    });
    try {
      const box = page.locator('[data-testid="contacts-search"]');
      await box.fill('');
      await box.pressSequentially(COMPANY, { delay: 20 });
      await page.locator('.table-wrap.stale').waitFor();
      assert.equal(await page.locator('[data-testid="contact-row"]').count(), 50, 'the old rows stay while loading');
      await onlyRowWith(COMPANY);
      assert.equal(await page.locator('.table-wrap.stale').count(), 0);
      assert.equal(searched.length, 1, 'one request once typing pauses');
      assert.equal(new URL(page.url()).searchParams.get('q'), COMPANY);
    } finally {
      await page.unroute(slow);
    }
  });

  await t.test('while the first page loads, placeholder rows hold the table in shape', async () => {
    const slow = (url) => url.pathname === '/api/v1/contacts' && url.searchParams.get('q') === FAMILY;
    await page.route(slow, async (route) => {
      await new Promise((resolve) => { setTimeout(resolve, 800); });
      await route.continue();
    });
    try {
      await page.goto(`${CRM_URL}/contacts?q=${encodeURIComponent(FAMILY)}`);
      await page.locator('[data-testid="skeleton-row"]').first().waitFor();
      assert.equal(await page.locator('[data-testid="contact-row"]').count(), 0);
      await page.locator('[data-testid="contact-row"]').first().waitFor();
      assert.equal(await page.locator('[data-testid="skeleton-row"]').count(), 0);
    } finally {
      await page.unroute(slow);
    }
  });

  await t.test('a filtered list opens from a shared link', async () => {
    const link = `${CRM_URL}/contacts?kind=company&q=${encodeURIComponent(COMPANY)}`;
    await page.goto(link);
    await onlyRowWith(COMPANY);
    assert.equal(await page.inputValue('[data-testid="filter-kind"]'), 'company');
    assert.equal(await page.inputValue('[data-testid="contacts-search"]'), COMPANY);
  });

  await t.test('a photo chosen on the new person form is the photo of the person created', async () => {
    await page.goto(`${CRM_URL}/contacts/new/person`);
    await page.locator('[data-testid="contact-form"]').waitFor();
    await page.fill('[data-testid="contact-first-name"]', 'Fotina');
    await page.fill('[data-testid="contact-last-name"]', `Snimok${suffix}`);
    await page.setInputFiles('[data-testid="contact-new-photo"]', { name: 'me.png', mimeType: 'image/png', buffer: PIXEL });
    await page.click('[data-testid="contact-save"]');
    await waitForText(page, 'contact-heading', `Fotina Snimok${suffix}`);
    const image = page.locator('[data-testid="contact-photo-image"]');
    await image.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="contact-photo-image"]')?.naturalWidth > 0);
  });

  await t.test('"select all N matching" tags every contact the search finds, not only the rows shown', async () => {
    await page.goto(`${CRM_URL}/contacts?q=${encodeURIComponent(FAMILY)}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 50);
    await page.locator('[data-testid="contacts-select-all"]').check();
    await waitForText(page, 'bulk-count', 'Selected: 50');
    await page.click('[data-testid="bulk-select-matching"]');
    await waitForText(page, 'bulk-count', `All ${FAMILY_SIZE} matching selected`);
    await page.selectOption('[data-testid="bulk-action"]', 'add_tags');
    const tags = page.locator('[data-testid="bulk-tags"]');
    await tags.fill(`clan${suffix}`);
    await tags.press('Enter');
    await page.click('[data-testid="bulk-apply"]');
    await page.locator('[data-testid="bulk-outcome"] .banner-text', { hasText: `Done: ${FAMILY_SIZE}.` }).waitFor();
    const tagged = await api('GET', `/contacts?tag=clan${suffix}&limit=1`, ownerToken);
    assert.equal(tagged.total, FAMILY_SIZE);
  });

  await t.test('another CRM user finds the shared company but not the private person', async () => {
    await page.click('[data-testid="logout-button"]');
    await page.locator('[data-testid="login-email"]').waitFor();
    await signIn(COLLEAGUE.email, COLLEAGUE.password);
    await search(LAST);
    await nothingFound();
    await search(COMPANY);
    const company = await onlyRowWith(COMPANY);
    await company.locator('[data-testid="contact-link"]').click();
    await waitForText(page, 'contact-heading', COMPANY);
    await page.locator('[data-testid="view-only"]').waitFor();
    assert.equal(await page.locator('[data-testid="contact-edit"]').count(), 0);
  });

  assert.deepEqual(errors, [], 'no script errors or CSP violations');
});
