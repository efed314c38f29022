// Deals through the SPA: a deal made from a contact's page, dragged across the board (its
// probability follows the stage), moved from the keyboard to a won stage; a restricted deal
// that another CRM user cannot find; a stage added on the pipelines settings page.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, signIn, waitForText, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';
const suffix = Date.now().toString(36);
const COLLEAGUE = { email: `deals-${suffix}@example.com`, name: 'Deal colleague', password: 'another-horse-42' };
const CLIENT = `Fleet Client ${suffix}`;
const DEAL = `Fleet renewal ${suffix}`;
const SECRET = `Secret merger ${suffix}`;

let browser;
let page;
let errors;
let pipeline;
let contactId;

/** The card of the deal titled `title` in the board column of `stageId`. */
function card(stageId, title) {
  const column = page.locator(`[data-testid="board-column"][data-stage="${stageId}"]`);
  return column.locator('[data-testid="board-card"]', { hasText: title });
}

before(async () => {
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  await api('POST', '/users', owner.access_token, { ...COLLEAGUE, role: 'crm_user' });
  const contact = await api('POST', '/contacts', owner.access_token, { kind: 'company', name: CLIENT });
  contactId = contact.id;
  pipeline = (await api('GET', '/pipelines', owner.access_token)).items[0];
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await browser?.close();
});

test('a deal from a contact, across the board and won', async (t) => {
  const [first, proposal, won] = [
    pipeline.stages[0],
    pipeline.stages.find((s) => s.probability === 75),
    pipeline.stages.find((s) => s.status === 'won'),
  ];

  await t.test('the contact page opens a new deal for it', async () => {
    await signIn(page, EMAIL, PASSWORD);
    await page.goto(`${CRM_URL}/contacts/${contactId}`);
    await page.click('[data-testid="contact-new-deal"]');
    await page.locator('[data-testid="deal-form"]').waitFor();
    await page.locator('[data-testid="deal-client"]', { hasText: CLIENT }).waitFor();
    await page.fill('[data-testid="deal-title"]', DEAL);
    await page.fill('[data-testid="deal-amount"]', '2500000.5');
    await page.fill('[data-testid="deal-currency"]', 'eur');
    await page.click('[data-testid="deal-save"]');
    await waitForText(page, 'deal-heading', DEAL);
    await waitForText(page, 'deal-probability', `${first.probability} %`);
    await waitForText(page, 'deal-value', '2,500,000.5 EUR');
    assert.match(await page.locator('[data-testid="deal-client"]').textContent(), new RegExp(CLIENT));
  });

  await t.test('dragging its card to another stage takes that stage\'s probability', async () => {
    await page.click('[data-testid="sidebar"] >> text=Deals');
    await page.click(`[data-testid="deals-board-${pipeline.id}"]`);
    await card(first.id, DEAL).waitFor();
    const target = page.locator(`[data-testid="board-column"][data-stage="${proposal.id}"]`);
    // The drag's events as a browser sends them (headless Chromium starts no native drag).
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    const source = card(first.id, DEAL);
    await source.dispatchEvent('dragstart', { dataTransfer });
    await target.dispatchEvent('dragover', { dataTransfer });
    await target.dispatchEvent('drop', { dataTransfer });
    await card(proposal.id, DEAL).waitFor();
    await page.waitForFunction(
      ([stage, title]) => [...document.querySelectorAll(`[data-testid="board-column"][data-stage="${stage}"] [data-testid="board-card"]`)]
        .some((c) => c.textContent.includes(title) && c.textContent.includes('75 %')),
      [proposal.id, DEAL],
    );
    assert.equal(await card(first.id, DEAL).count(), 0);
  });

  await t.test('the stage list of a card moves it from the keyboard, and a won deal closes', async () => {
    await card(proposal.id, DEAL).locator('[data-testid="board-card-stage"]').selectOption(String(won.id));
    await card(won.id, DEAL).waitFor();
    await page.waitForFunction(
      ([stage, title]) => [...document.querySelectorAll(`[data-testid="board-column"][data-stage="${stage}"] [data-testid="board-card"]`)]
        .some((c) => c.textContent.includes(title) && c.textContent.includes('100 %')),
      [won.id, DEAL],
    );
    await card(won.id, DEAL).locator('a').click();
    await waitForText(page, 'deal-status', 'Won');
    await page.locator('[data-testid="deal-closed-on"]').waitFor();
  });

  await t.test('the list shows the deal and the totals of what it shows', async () => {
    await page.click('[data-testid="sidebar"] >> text=Deals');
    await page.fill('[data-testid="deals-search"]', DEAL);
    await page.press('[data-testid="deals-search"]', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="deal-row"]').length === 1);
    await waitForText(page, 'deal-probability', '100 %');
    const total = page.locator('[data-testid="deal-total"][data-currency="EUR"] strong');
    assert.equal((await total.textContent()).trim(), '2,500,000.5 EUR');
    assert.deepEqual(errors, []);
  });
});

test('an admin adds a stage to the pipeline and the board shows its column', async () => {
  const name = `Legal review ${suffix}`;
  await page.goto(`${CRM_URL}/settings/pipelines`);
  const card = page.locator(`[data-testid="pipeline"][data-id="${pipeline.id}"]`);
  const adding = card.locator('[data-testid="stage-add"]');
  await adding.locator('[data-testid="stage-name"]').fill(name);
  await adding.locator('[data-testid="stage-name"]').dispatchEvent('change');
  await adding.locator('[data-testid="stage-probability"]').fill('85');
  await adding.locator('[data-testid="stage-probability"]').dispatchEvent('change');
  await adding.locator('[data-testid="stage-save"]').click();
  await page.waitForFunction(
    (stage) => [...document.querySelectorAll('[data-testid="stage-row"] [data-testid="stage-name"]')].some((i) => i.value === stage),
    name,
  );
  await page.goto(`${CRM_URL}/pipelines/${pipeline.id}/board`);
  await page.locator(`[data-testid="board-column"][aria-label="${name}"]`).waitFor();
  assert.deepEqual(errors, []);
});

test('an admin fills in the organisation, enters an exchange rate and a tax, and the list converts its totals to the default currency', async () => {
  await page.goto(`${CRM_URL}/settings/currencies`);
  // The organisation printed on invoices.
  await page.fill('[data-testid="organisation-name"]', `Fleet Services ${suffix}`);
  await page.fill('[data-testid="organisation-address"]', '1 Harbour Road\nPortsmouth');
  await page.click('[data-testid="organisation-save"]');
  await page.locator('[data-testid="organisation"] [data-testid="notice"]').waitFor();
  // A logo is uploaded and shown (a 1×1 PNG).
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  await page.setInputFiles('[data-testid="organisation-logo-input"]', { name: 'logo.png', mimeType: 'image/png', buffer: png });
  await page.locator('[data-testid="organisation-logo-image"]').waitFor();
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  const profile = await api('GET', '/settings/organisation', owner.access_token);
  assert.equal(profile.name, `Fleet Services ${suffix}`);
  assert.equal(profile.address, '1 Harbour Road\nPortsmouth');
  await page.selectOption('[data-testid="default-currency-select"]', 'USD');
  await page.click('[data-testid="default-currency-save"]');
  await page.locator('[data-testid="default-currency"] [data-testid="notice"]').waitFor();
  await page.selectOption('[data-testid="rate-from"]', 'EUR');
  await page.selectOption('[data-testid="rate-to"]', 'USD');
  // A comma is refused next to its field.
  await page.fill('[data-testid="rate-value-input"]', '1,1');
  await page.click('[data-testid="rate-add"]');
  await page.locator('[data-testid="exchange-rates"] .field-error').first().waitFor();
  await page.fill('[data-testid="rate-value-input"]', '1.1');
  await page.click('[data-testid="rate-add"]');
  await waitForText(page, 'rate-value', '1.1');
  // A tax is added, then changed from its row.
  const tax = `VAT ${suffix}`;
  await page.fill('[data-testid="tax-name"]', tax);
  await page.fill('[data-testid="tax-rate-input"]', '20');
  await page.click('[data-testid="tax-save"]');
  const row = page.locator('[data-testid="tax-row"]', { hasText: tax });
  await row.waitFor();
  await row.locator('[data-testid="tax-edit"]').click();
  await page.fill('[data-testid="tax-rate-input"]', '18.5');
  await page.click('[data-testid="tax-save"]');
  await page.waitForFunction(
    (name) => [...document.querySelectorAll('[data-testid="tax-row"]')]
      .some((r) => r.textContent.includes(name) && r.querySelector('[data-testid="tax-rate"]').textContent.trim() === '18.5 %'),
    tax,
  );
  await page.goto(`${CRM_URL}/deals?q=${encodeURIComponent(DEAL)}`);
  const converted = page.locator('[data-testid="deal-total-converted"][data-currency="USD"] strong');
  await converted.waitFor();
  assert.equal((await converted.textContent()).trim(), '2,750,000.55 USD');
  assert.deepEqual(errors, []);
});

test('an admin adds a product with a default tax and counted stock, finds it by SKU and changes its price', async () => {
  const title = `Laptop ${suffix}`;
  await page.goto(`${CRM_URL}/settings/products`);
  await page.locator('[data-testid="product-form"]').waitFor();
  // A price with a comma is refused next to its field.
  await page.fill('[data-testid="product-title-input"]', title);
  await page.fill('[data-testid="product-sku"]', `NB-${suffix}`);
  await page.fill('[data-testid="product-price-input"]', '1200,50');
  await page.click('[data-testid="product-save"]');
  await page.locator('[data-testid="product-form"] .field-error').first().waitFor();
  await page.fill('[data-testid="product-price-input"]', '1200.50');
  await page.selectOption('[data-testid="product-currency"]', 'EUR');
  await page.locator('[data-testid="product-tax-1"] option', { hasText: `VAT ${suffix}` }).waitFor({ state: 'attached' });
  const taxValue = await page.locator('[data-testid="product-tax-1"] option', { hasText: `VAT ${suffix}` }).getAttribute('value');
  await page.selectOption('[data-testid="product-tax-1"]', taxValue);
  await page.check('[data-testid="product-track-stock"]');
  await page.fill('[data-testid="product-stock-input"]', '3');
  await page.click('[data-testid="product-save"]');
  const row = page.locator('[data-testid="product-row"]', { hasText: title });
  await row.waitFor();
  assert.equal((await row.locator('[data-testid="product-price"]').textContent()).trim(), '1,200.5 EUR');
  assert.equal((await row.locator('[data-testid="product-stock"]').textContent()).trim(), '3');
  assert.match(await row.textContent(), new RegExp(`VAT ${suffix} 18.5 %`));
  // Found by its SKU, with the search in the URL.
  await page.fill('[data-testid="products-search"]', `nb-${suffix}`);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => new URL(u).searchParams.get('q') === `nb-${suffix}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="product-row"]').length === 1);
  await row.locator('[data-testid="product-edit"]').click();
  await page.fill('[data-testid="product-price-input"]', '999');
  await page.click('[data-testid="product-save"]');
  await page.waitForFunction(
    (name) => [...document.querySelectorAll('[data-testid="product-row"]')]
      .some((r) => r.textContent.includes(name) && r.querySelector('[data-testid="product-price"]').textContent.trim() === '999 EUR'),
    title,
  );
  assert.deepEqual(errors, []);
});

test('an invoice with two lines and a tax: the total follows the typing, then it is sent and paid', async () => {
  // Numbering from the settings page.
  await page.goto(`${CRM_URL}/settings/currencies`);
  await page.fill('[data-testid="invoice-next-number"]', '0000500');
  await page.fill('[data-testid="invoice-default-terms"]', 'Payment within 15 days');
  await page.click('[data-testid="invoice-settings-save"]');
  await waitForText(page, 'invoice-next-preview', 'The next invoice gets the number INV-0000500.');
  await page.goto(`${CRM_URL}/invoices/new`);
  await page.locator('[data-testid="invoice-form"]').waitFor();
  await page.fill('[data-testid="invoice-client-search"]', CLIENT);
  await page.click(`[data-testid="invoice-client-search-match"] >> text=${CLIENT}`);
  await page.locator('[data-testid="invoice-client-chosen"]', { hasText: CLIENT }).waitFor();
  // Paid within 30 days, for the client's deal.
  await page.locator('[data-testid="invoice-due-days"]').selectOption('30');
  const dealOption = page.locator('[data-testid="invoice-deal"] option', { hasText: DEAL });
  await dealOption.waitFor({ state: 'attached' });
  await page.locator('[data-testid="invoice-deal"]').selectOption(await dealOption.getAttribute('value'));
  const first = page.locator('[data-testid="line-row"]').nth(0);
  await first.locator('[data-testid="line-description"]').fill(`Consulting ${suffix}`);
  await first.locator('[data-testid="line-quantity"]').fill('2');
  await first.locator('[data-testid="line-price"]').fill('100');
  await waitForText(page, 'live-total', '200.00 USD');
  const vat = await first.locator('[data-testid="line-tax"] option', { hasText: `VAT ${suffix}` }).getAttribute('value');
  await first.locator('[data-testid="line-tax"]').selectOption(vat);
  // 200 + 18.5 % = 237.00
  await waitForText(page, 'live-total', '237.00 USD');
  // In another currency, the total in the default one follows at the rate of the issue date.
  await page.selectOption('[data-testid="invoice-currency"]', 'EUR');
  await waitForText(page, 'live-total', '237.00 EUR');
  await waitForText(page, 'live-total-default', '260.70 USD');
  await page.selectOption('[data-testid="invoice-currency"]', 'USD');
  await waitForText(page, 'live-total', '237.00 USD');
  // The line typed by hand goes into the catalog, and a new line finds it there.
  await first.locator('[data-testid="line-to-catalog"]').click();
  await first.locator('[data-testid="line-in-catalog"]').waitFor();
  await page.click('[data-testid="line-add"]');
  const picked = page.locator('[data-testid="line-row"]').nth(1);
  await picked.locator('[data-testid="line-product"]').fill(`consulting ${suffix}`);
  await picked.locator('[data-testid="catalog-match"]', { hasText: `Consulting ${suffix}` }).click();
  await picked.locator('[data-testid="line-in-catalog"]').waitFor();
  assert.equal(await picked.locator('[data-testid="line-description"]').inputValue(), `Consulting ${suffix}`);
  assert.equal(await picked.locator('[data-testid="line-price"]').inputValue(), '100');
  await waitForText(page, 'live-total', '355.50 USD');
  await picked.locator('[data-testid="line-remove"]').click();
  await waitForText(page, 'live-total', '237.00 USD');
  await page.click('[data-testid="line-add"]');
  const second = page.locator('[data-testid="line-row"]').nth(1);
  await second.locator('[data-testid="line-description"]').fill('Setup');
  await second.locator('[data-testid="line-price"]').fill('50.5');
  await waitForText(page, 'live-total', '287.50 USD');
  await page.click('[data-testid="invoice-save"]');
  await page.locator('[data-testid="invoice-page"]').waitFor();
  await waitForText(page, 'invoice-number', 'INV-0000500');
  await page.locator('dd a', { hasText: DEAL }).waitFor();
  await waitForText(page, 'invoice-total', '287.50 USD');
  assert.equal(await page.locator('[data-testid="invoice-line"]').count(), 2);
  await page.click('[data-testid="invoice-move"][data-to="sent"]');
  await page.locator('[data-testid="invoice-status"][data-status="sent"]').waitFor();
  // The PDF: shown on the page, and downloaded as a file named by the number.
  await page.click('[data-testid="invoice-pdf-show"]');
  await page.locator('[data-testid="invoice-pdf-frame"]').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="invoice-pdf-download"]'),
  ]);
  assert.equal(download.suggestedFilename(), 'INV-0000500.pdf');
  const saved = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(saved).subarray(0, 5).toString(), '%PDF-');
  // A part paid, then the rest: the invoice becomes paid.
  await page.fill('[data-testid="payment-amount"]', '100');
  await page.click('[data-testid="payment-add"]');
  await waitForText(page, 'invoice-paid', '100.00 USD');
  await waitForText(page, 'invoice-status', 'Partly paid');
  await page.fill('[data-testid="payment-amount"]', '187.50');
  await page.click('[data-testid="payment-add"]');
  await page.locator('[data-testid="invoice-status"][data-status="paid"]').waitFor();
  await waitForText(page, 'invoice-balance', '0.00 USD');
  // The client's link opens the invoice without an account.
  await page.click('[data-testid="invoice-link-create"]');
  const link = await page.locator('[data-testid="invoice-link-url"]').inputValue();
  assert.match(link, /\/api\/v1\/public\/invoices\/crm_inv_[^/]+$/);
  // A browser gets the invoice's page, and the PDF from it.
  const clientPage = await browser.context.newPage();
  await clientPage.goto(link);
  await clientPage.locator('h1', { hasText: 'INV-0000500' }).waitFor();
  await clientPage.locator('table.totals', { hasText: '287.50 USD' }).waitFor();
  const pdfHref = await clientPage.locator('a.button[download]').getAttribute('href');
  await clientPage.close();
  const shared = await fetch(pdfHref);
  assert.equal(shared.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await shared.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  const json = await (await fetch(link)).json();
  assert.equal(json.number, 'INV-0000500');
  assert.equal(json.balance, '0.00');
  // The client's invoices tab lists it.
  await page.goto(`${CRM_URL}/contacts/${contactId}/invoices`);
  await page.locator('[data-testid="invoice-tab-row"]').first().waitFor();
  assert.deepEqual(errors, []);
});

test('a board column loads more cards, and selected deals move to a stage together', async (t) => {
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  const first = pipeline.stages[0];
  const proposal = pipeline.stages.find((s) => s.probability === 75);
  const BULK = `Bulk ${suffix}`;
  for (let n = 0; n < 22; n += 1) {
    await api('POST', '/deals', owner.access_token, { title: `${BULK} ${n}`, stage_id: first.id });
  }

  await t.test('the first stage shows 20 cards and the rest on demand', async () => {
    await page.goto(`${CRM_URL}/pipelines/${pipeline.id}/board`);
    const column = page.locator(`[data-testid="board-column"][data-stage="${first.id}"]`);
    await column.locator('[data-testid="board-card"]').first().waitFor();
    assert.equal(await column.locator('[data-testid="board-card"]').count(), 20);
    // Newest first: the oldest of them is not among the first 20.
    assert.equal(await card(first.id, `${BULK} 0`).count(), 0);
    await column.locator('[data-testid="board-column-more"]').click();
    await card(first.id, `${BULK} 0`).waitFor();
    assert.ok((await column.locator('[data-testid="board-card"]').count()) >= 22);
  });

  await t.test('select all, move to a stage, and every row takes its probability', async () => {
    await page.goto(`${CRM_URL}/deals?q=${encodeURIComponent(BULK)}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="deal-row"]').length === 22);
    await page.check('[data-testid="deals-select-all"]');
    await page.locator('[data-testid="deal-bulk-bar"]').waitFor();
    await page.selectOption('[data-testid="deal-bulk-action"]', 'set_stage');
    await page.selectOption('[data-testid="deal-bulk-stage"]', String(proposal.id));
    await page.click('[data-testid="deal-bulk-apply"]');
    await page.locator('[data-testid="bulk-outcome"]').waitFor();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="deal-probability"]')];
      return cells.length === 22 && cells.every((c) => c.textContent.trim() === '75 %');
    });
    assert.equal(await page.locator('[data-testid="deal-bulk-bar"]').count(), 0);
    const moved = await api('GET', `/deals?q=${encodeURIComponent(BULK)}&stage_id=${proposal.id}`, owner.access_token);
    assert.equal(moved.total, 22);
    assert.deepEqual(errors, []);
  });
});

test('a restricted deal is not found by another CRM user', async (t) => {
  await t.test('the owner restricts a new deal to himself', async () => {
    await page.goto(`${CRM_URL}/deals/new`);
    await page.fill('[data-testid="deal-title"]', SECRET);
    await page.check('#f-restricted');
    await page.click('[data-testid="deal-save"]');
    await waitForText(page, 'deal-heading', SECRET);
    await page.locator('[data-testid="deal-restricted"]').waitFor();
  });

  await t.test('the colleague searches for it and finds nothing', async () => {
    await page.click('[data-testid="logout-button"]');
    await page.locator('[data-testid="login-email"]').waitFor();
    await signIn(page, COLLEAGUE.email, COLLEAGUE.password);
    await page.goto(`${CRM_URL}/deals?q=${encodeURIComponent(SECRET)}`);
    await page.locator('[data-testid="deals-empty"]').waitFor();
    assert.equal(await page.locator('[data-testid="deal-row"]').count(), 0);
    await page.goto(`${CRM_URL}/deals?q=${encodeURIComponent(DEAL)}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="deal-row"]').length === 1);
  });
});
