// Projects through the SPA: "Create project" on a deal fills the form from the deal, the
// project page links back to it and the deal's projects tab lists it; the status changes in
// one step; tasks about the project and the deal from their tasks tabs; the list keeps its
// filters in the URL; a restricted project is not found by another CRM user.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, signIn, waitForText, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';
const suffix = Date.now().toString(36);
const COLLEAGUE = { email: `projects-${suffix}@example.com`, name: 'Project colleague', password: 'another-horse-42' };
const CLIENT = `Rollout Client ${suffix}`;
const DEAL = `Fleet rollout ${suffix}`;
const SECRET = `Secret project ${suffix}`;

let browser;
let page;
let errors;
let dealId;

before(async () => {
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  const t = owner.access_token;
  await api('POST', '/users', t, { ...COLLEAGUE, role: 'crm_user' });
  const client = await api('POST', '/contacts', t, { kind: 'company', name: CLIENT });
  dealId = (await api('POST', '/deals', t, { title: DEAL, contact_id: client.id, description: 'Twelve vans' })).id;
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await browser?.close();
});

test('a project made from a deal', async (t) => {
  await t.test('"Create project" on the deal fills the form from it', async () => {
    await signIn(page, EMAIL, PASSWORD);
    await page.goto(`${CRM_URL}/deals/${dealId}`);
    await page.click('[data-testid="deal-create-project"]');
    await page.locator('[data-testid="project-form-deal"]', { hasText: DEAL }).waitFor();
    assert.equal(await page.inputValue('[data-testid="project-title"]'), DEAL);
    assert.equal(await page.inputValue('[data-testid="project-description"]'), 'Twelve vans');
    await page.locator('[data-testid="project-form-contact"]', { hasText: CLIENT }).waitFor();
    await page.fill('[data-testid="project-deadline"]', '2030-06-30');
    await page.click('[data-testid="project-save"]');
    await waitForText(page, 'project-heading', DEAL);
    await waitForText(page, 'project-status', 'Open');
    await waitForText(page, 'project-deal', DEAL);
    await page.locator('[data-testid="project-contact"]', { hasText: CLIENT }).waitFor();
    assert.match(await page.textContent('[data-testid="project-deadline"]'), /2030/);
  });

  await t.test('its status changes in one step', async () => {
    await page.selectOption('[data-testid="project-status-select"]', 'paused');
    await waitForText(page, 'project-status', 'Paused');
  });

  await t.test('a task about the project from its tasks tab', async () => {
    await page.click('[data-testid="tab-tasks"]');
    await page.click('[data-testid="project-task-new"]');
    await page.locator('[data-testid="task-contact"] a', { hasText: DEAL }).waitFor();
    await page.fill('[data-testid="task-title"]', `Kick-off ${suffix}`);
    await page.click('[data-testid="task-quick-3days"]');
    await page.click('[data-testid="task-save"]');
    await page.locator('[data-testid="task-link"]', { hasText: `Kick-off ${suffix}` }).click();
    await page.locator('[data-testid="task-about"] a').waitFor();
    assert.match(await page.getAttribute('[data-testid="task-about"] a', 'href'), /\/projects\/\d+$/);
    await page.goBack();
  });

  await t.test('the deal lists it in its projects tab', async () => {
    await page.click('[data-testid="tab-profile"]');
    await page.click('[data-testid="project-deal"] >> a');
    await page.click('[data-testid="tab-projects"]');
    await page.locator('[data-testid="deal-project"]', { hasText: DEAL }).waitFor();
    assert.match(page.url(), new RegExp(`/deals/${dealId}/projects$`));
    await page.click('[data-testid="tab-tasks"]');
    await page.click('[data-testid="deal-task-new"]');
    await page.locator('[data-testid="task-contact"] a', { hasText: DEAL }).waitFor();
    await page.fill('[data-testid="task-title"]', `Sign the order ${suffix}`);
    await page.click('[data-testid="task-quick-week"]');
    await page.click('[data-testid="task-save"]');
    await page.locator('[data-testid="deal-tasks"] [data-testid="task-link"]', { hasText: `Sign the order ${suffix}` }).waitFor();
    assert.equal(await page.locator('[data-testid="deal-tasks"] [data-testid="task-row"]').count(), 1);
  });

  await t.test('the list keeps its filters in the URL', async () => {
    await page.click('[data-testid="sidebar"] >> text=Projects');
    // Open projects are listed by default: the paused one is not among them.
    await page.fill('[data-testid="projects-search"]', DEAL);
    await page.press('[data-testid="projects-search"]', 'Enter');
    await page.locator('[data-testid="projects-empty"]').waitFor();
    await page.selectOption('[data-testid="projects-status"]', 'paused');
    await page.locator('[data-testid="project-row"]', { hasText: DEAL }).waitFor();
    assert.match(page.url(), /status=paused/);
    await page.check('[data-testid="projects-mine"]');
    await page.locator('[data-testid="project-row"]', { hasText: DEAL }).waitFor();
    assert.match(page.url(), /member_id=/);
    await page.reload();
    await page.locator('[data-testid="project-row"]', { hasText: DEAL }).waitFor();
    assert.ok(await page.isChecked('[data-testid="projects-mine"]'));
    assert.deepEqual(errors, []);
  });
});

test('a restricted project is not found by another CRM user', async (t) => {
  await t.test('the owner creates one from the create menu and restricts it', async () => {
    await page.click('[data-testid="create-button"]');
    await page.click('[data-testid="create-project"]');
    await page.fill('[data-testid="project-title"]', SECRET);
    await page.check('#f-restricted');
    await page.click('[data-testid="project-save"]');
    await waitForText(page, 'project-heading', SECRET);
    await page.locator('[data-testid="project-restricted"]').waitFor();
  });

  await t.test('the colleague searches for it and finds nothing', async () => {
    await page.click('[data-testid="logout-button"]');
    await page.locator('[data-testid="login-email"]').waitFor();
    await signIn(page, COLLEAGUE.email, COLLEAGUE.password);
    await page.goto(`${CRM_URL}/projects?q=${encodeURIComponent(SECRET)}&status=open`);
    await page.locator('[data-testid="projects-empty"]').waitFor();
    await page.goto(`${CRM_URL}/projects?q=${encodeURIComponent(DEAL)}&status=paused`);
    await page.locator('[data-testid="project-row"]', { hasText: DEAL }).waitFor();
  });
});
