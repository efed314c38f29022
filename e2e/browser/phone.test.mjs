// Every page at phone width (390 px), in Russian (the longer words): nothing scrolls
// sideways, with real records on the pages (a company with a person, details, history, a
// task, a group, a user).
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';
const WIDTH = 390;

const suffix = Date.now().toString(36);
let browser;
let page;
let errors;
const pages = [];

before(async () => {
  const token = (await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD })).access_token;
  const company = await api('POST', '/contacts', token, {
    kind: 'company', name: `Международная торгово-промышленная корпорация ${suffix}`, access: 'shared_write',
    details: [
      { kind: 'email', value: `very.long.address.of.the.sales.department.${suffix}@example-corporation.com` },
      { kind: 'website', value: `https://www.example-corporation-with-a-long-name-${suffix}.com/contacts/sales` },
    ],
  });
  const person = await api('POST', '/contacts', token, {
    kind: 'person', first_name: 'Константин', last_name: `Константинопольский${suffix}`,
    job_title: 'Заместитель генерального директора по развитию', company_id: company.id,
    details: [{ kind: 'phone', value: '+7 812 315-12-34', country: 'RU' }],
  });
  await api('POST', `/contacts/${person.id}/history`, token, {
    content: `Обсудили условия поставки на следующий квартал ${'и '.repeat(40)}`,
  });
  const category = (await api('GET', '/settings/lists/task_categories', token)).items[0].id;
  const task = await api('POST', '/tasks', token, {
    title: `Подготовить коммерческое предложение для ${suffix}`, category_id: category,
    contact_id: person.id, deadline: '2030-05-01T18:00',
  });
  const group = await api('POST', '/groups', token, { name: `Отдел продаж Северо-Западного региона ${suffix}` });
  const me = await api('GET', '/me', token);
  const deal = await api('POST', '/deals', token, {
    title: `Поставка оборудования для Северо-Западного филиала ${suffix}`, contact_id: company.id,
    amount: '12500000.75', currency: 'RUB', bid_type: 'per_month', periods: 12,
    expected_close_on: '2030-06-30',
  });
  const pipeline = (await api('GET', '/pipelines', token)).items[0];
  const event = await api('POST', '/cases', token, {
    title: `Отраслевая выставка оборудования Северо-Запада ${suffix}`, contact_ids: [company.id, person.id],
  });
  const project = await api('POST', '/projects', token, {
    title: `Внедрение оборудования в Северо-Западном филиале ${suffix}`, deal_id: deal.id,
    contact_ids: [company.id], deadline: '2030-09-30', description: 'Монтаж, пусконаладка и обучение персонала',
  });
  const invoice = await api('POST', '/invoices', token, {
    client_id: company.id, deal_id: deal.id, purchase_order: `PO-${suffix}-2030-SEVERO-ZAPAD`,
    lines: [{ description: `Монтаж и пусконаладка оборудования на объекте заказчика ${suffix}`, quantity: '12.5', price: '125000.75', discount: '7.5' }],
  });
  pages.push(
    '/invoices', '/invoices/new', `/invoices/${invoice.id}`, `/invoices/${invoice.id}/edit`,
    `/contacts/${company.id}/invoices`, `/deals/${deal.id}/invoices`,
    '/', '/contacts', '/contacts/new/person', '/contacts/new/company',
    `/contacts/${person.id}`, `/contacts/${person.id}/history`, `/contacts/${person.id}/tasks`,
    `/contacts/${person.id}/edit`, `/contacts/${person.id}/files`, `/contacts/${company.id}`,
    `/contacts/${company.id}/people`, `/contacts/${company.id}/history`, `/contacts/${company.id}/files`,
    '/tasks', '/tasks?mine=false', '/tasks/new', `/tasks/${task.id}`,
    '/deals', '/deals/new', `/deals/${deal.id}`, `/deals/${deal.id}/history`, `/deals/${deal.id}/files`,
    `/deals/${deal.id}/edit`, `/pipelines/${pipeline.id}/board`,
    '/cases', '/cases/new', `/cases/${event.id}`, `/cases/${event.id}/history`, `/cases/${event.id}/files`,
    `/cases/${event.id}/edit`, `/contacts/${company.id}/deals`, `/contacts/${company.id}/cases`,
    '/projects', '/projects/new', `/projects/new?deal=${deal.id}`, `/projects/${project.id}`,
    `/projects/${project.id}/history`, `/projects/${project.id}/edit`, `/deals/${deal.id}/projects`,
    `/projects/${project.id}/tasks`, `/deals/${deal.id}/tasks`, `/cases/${event.id}/tasks`,
    '/settings/crm', '/settings/lists', '/settings/pipelines', '/settings/tags', '/settings/custom-fields',
    '/settings/currencies',
    '/settings/products',
    '/users', '/users/new', `/users/${me.user.id}`, '/groups', '/groups/new', `/groups/${group.id}`,
    '/api-tokens', '/api-tokens/new', '/profile', '/404',
  );
  browser = await launch({ locale: 'ru-RU', viewport: { width: WIDTH, height: 800 } });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
});

after(async () => {
  await browser?.close();
});

test('no page scrolls sideways at 390 px', async () => {
  await page.goto(`${CRM_URL}/login`);
  await page.locator('[data-testid="login-email"]').waitFor();
  await page.fill('[data-testid="login-email"]', EMAIL);
  await page.fill('[data-testid="login-password"]', PASSWORD);
  await page.click('[data-testid="login-submit"]');
  await page.locator('[data-testid="page-title"]').waitFor();
  const wide = [];
  for (const path of pages) {
    await page.goto(`${CRM_URL}${path}`);
    await page.locator('[data-testid="page-title"]').waitFor();
    // The page has loaded when nothing is loading any more.
    await page.waitForFunction(() => !document.querySelector('.spinner, [aria-busy="true"]'), null, { timeout: 10000 })
      .catch(() => {});
    await page.waitForTimeout(150);
    const found = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      spilling: [...document.querySelectorAll('main *')]
        .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
          && getComputedStyle(e).overflowX === 'visible')
        .slice(-3)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}`),
    }));
    if (found.width > WIDTH) wide.push(`${path}: ${found.width} px (${found.spilling.join(', ')})`);
  }
  assert.deepEqual(wide, [], 'pages wider than the screen');
  assert.deepEqual(errors, [], 'no script errors');
});
