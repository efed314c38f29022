// Custom fields through the SPA: the owner defines fields of persons (a select, a heading and a
// number) on the admin page, fills them in on the person form, sees them on the profile, gets
// a translated error for a number that is too precise, filters the list by a field, and is
// kept from changing the type of a field in use or removing an option that records use.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, waitForText, watchErrors } from './browser.mjs';

const CRM_URL = (process.env.CRM_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';

const suffix = Date.now().toString(36);
const SEGMENT = `Segment ${suffix}`;
const FINANCE = `Finance ${suffix}`;
const BUDGET = `Budget ${suffix}`;
const FIRST = 'Fedor';
const LAST = `Fieldov${suffix}`;

let browser;
let page;
let errors;
let token;

/** Calls the API as `token`; returns the decoded JSON answer or throws with the problem. */
async function api(method, path, body) {
  const response = await fetch(`${CRM_URL}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The person fields as the server has them, by label. */
async function personFields() {
  const { items } = await api('GET', '/settings/custom-fields?record_kind=person');
  return Object.fromEntries(items.map((f) => [f.label, f]));
}

/** Adds a field of persons with the form at the bottom of the admin page. */
async function addField(label, type, options = []) {
  const form = page.locator('[data-testid="custom-field-new"]');
  await form.locator('[data-testid="custom-field-label"]').fill(label);
  await form.locator('[data-testid="custom-field-type"]').selectOption(type);
  for (const [index, option] of options.entries()) {
    if (index > 0) await form.locator('[data-testid="custom-option-add"]').click();
    await form.locator('[data-testid="custom-option"]').nth(index).fill(option);
  }
  await form.locator('[data-testid="custom-field-save"]').click();
  await page.locator('[data-testid="custom-field-name"]', { hasText: label }).waitFor();
}

before(async () => {
  token = (await (await fetch(`${CRM_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  })).json()).access_token;
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await browser?.close();
});

test('custom fields: defined by an admin, filled in, shown, filtered and protected', async (t) => {
  let fields;
  let personId;

  await t.test('the owner defines a select, a heading and a number field of persons', async () => {
    await page.goto(`${CRM_URL}/login`);
    await page.selectOption('[data-testid="lang-switch"]', 'en');
    await page.fill('[data-testid="login-email"]', EMAIL);
    await page.fill('[data-testid="login-password"]', PASSWORD);
    await page.click('[data-testid="login-submit"]');
    await page.click('[data-testid="sidebar"] >> text=Custom fields');
    await waitForText(page, 'page-title', 'Custom fields');
    await addField(SEGMENT, 'select', ['SMB', 'Enterprise']);
    await addField(FINANCE, 'heading');
    await addField(BUDGET, 'number');
    fields = await personFields();
    assert.deepEqual(fields[SEGMENT].options.map((o) => o.label), ['SMB', 'Enterprise']);
    assert.equal(fields[FINANCE].field_type, 'heading');
  });

  await t.test('the person form takes the values and the profile shows them under the heading', async () => {
    await page.click('[data-testid="create-button"]');
    await page.click('[data-testid="create-person"]');
    await waitForText(page, 'page-title', 'New person');
    await page.fill('[data-testid="contact-first-name"]', FIRST);
    await page.fill('[data-testid="contact-last-name"]', LAST);
    const enterprise = fields[SEGMENT].options.find((o) => o.label === 'Enterprise');
    await page.selectOption(`[data-testid="custom-field-${fields[SEGMENT].id}"]`, String(enterprise.id));
    await page.fill(`[data-testid="custom-field-${fields[BUDGET].id}"]`, '2500000,50');
    await page.click('[data-testid="contact-save"]');
    await waitForText(page, 'contact-heading', `${FIRST} ${LAST}`);
    personId = Number(new URL(page.url()).pathname.split('/').pop());
    await waitForText(page, 'custom-fact', 'Enterprise');
    const budget = page.locator(`[data-testid="custom-fact"][data-field="${fields[BUDGET].id}"]`);
    assert.equal((await budget.textContent()).trim(), '2,500,000.5');
    // In Russian the same number is grouped with no-break spaces and has a decimal comma.
    await page.selectOption('[data-testid="lang-switch"]', 'ru');
    await page.waitForFunction((el) => el.textContent.trim() === '2\u00a0500\u00a0000,5', await budget.elementHandle());
    await page.selectOption('[data-testid="lang-switch"]', 'en');
    await waitForText(page, 'page-title', 'Contact');
    const profile = await page.locator('[data-testid="contact-profile"]').textContent();
    assert.match(profile, new RegExp(`${FINANCE}${BUDGET}`), 'the heading comes before the number');
  });

  await t.test('a number with too many decimals is refused next to its field', async () => {
    await page.click('[data-testid="contact-edit"]');
    const budget = page.locator(`[data-testid="custom-field-${fields[BUDGET].id}"]`);
    await budget.fill('1.23456');
    await page.click('[data-testid="contact-save"]');
    const field = page.locator('.field', { has: budget });
    await field.locator('.field-error', { hasText: 'At most 4 decimal places.' }).waitFor();
    await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel),
      `[data-testid="custom-field-${fields[BUDGET].id}"]`)
      .catch(async () => assert.fail(`the focus is on ${await page.evaluate(() => document.activeElement?.outerHTML)}`));
    await page.click('text=Cancel');
    await waitForText(page, 'contact-heading', `${FIRST} ${LAST}`);
  });

  await t.test('the list filters by a custom field', async () => {
    await page.click('[data-testid="sidebar"] >> text=Contacts');
    await waitForText(page, 'page-title', 'Contacts');
    await page.click('[data-testid="more-filters"] > summary');
    await page.selectOption('[data-testid="filter-custom-field"]', String(fields[SEGMENT].id));
    const [smb, enterprise] = fields[SEGMENT].options;
    await page.selectOption('[data-testid="filter-custom-value"]', String(enterprise.id));
    await page.locator(`[data-testid="contact-row"][data-id="${personId}"]`).waitFor();
    await page.selectOption('[data-testid="filter-custom-value"]', String(smb.id));
    await page.locator('[data-testid="contacts-empty"]').waitFor();
    await waitForText(page, 'more-filters-summary', 'More filters (1 set)');
    const sorts = await page.locator('[data-testid="contacts-sort"] optgroup').evaluateAll(
      (groups) => groups.map((g) => g.label),
    );
    assert.deepEqual(sorts, ['Contact fields', 'Custom fields']);
  });

  await t.test('a field in use keeps its type and the options that records use', async () => {
    await page.click('[data-testid="sidebar"] >> text=Custom fields');
    const row = page.locator('[data-testid="custom-field-row"]', { hasText: SEGMENT });
    await row.locator('[data-testid="custom-field-edit"]').click();
    const form = page.locator('[data-testid="custom-field-form"]', { has: page.locator('[data-testid="custom-option"]') }).first();
    assert.equal(await form.locator('[data-testid="custom-field-type"]').isDisabled(), true);
    await form.locator('[data-testid="custom-option"]').nth(1).fill('');
    await form.locator('[data-testid="custom-field-save"]').click();
    await form.locator('[data-testid="problem"][data-code="in_use"]').waitFor();
    const stored = await personFields();
    assert.deepEqual(stored[SEGMENT].options.map((o) => o.label), ['SMB', 'Enterprise']);
  });

  assert.deepEqual(errors, [], 'no script errors or CSP violations');
});
