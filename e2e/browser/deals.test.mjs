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
