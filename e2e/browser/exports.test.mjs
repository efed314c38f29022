// Exports through the SPA: a filtered contacts list written to a CSV file by a job, followed
// live and downloaded by the browser; a deals list as an Excel workbook; the full export of
// the CRM settings as a ZIP.
// Needs CRM_URL, CRM_EMAIL and CRM_PASSWORD (run.sh sets them).
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, CRM_URL, launch, signIn, watchErrors } from './browser.mjs';

const EMAIL = process.env.CRM_EMAIL ?? 'owner@example.com';
const PASSWORD = process.env.CRM_PASSWORD ?? 'correct-horse-42';
const suffix = Date.now().toString(36);
const FAMILY = `Exportova${suffix}`;

let browser;
let page;
let errors;

before(async () => {
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  for (const first of ['Anna', 'Boris']) {
    await api('POST', '/contacts', owner.access_token, {
      kind: 'person', first_name: first, last_name: FAMILY,
      details: [
        { kind: 'email', category: 'work', value: `${first.toLowerCase()}@${suffix}.example.com` },
        { kind: 'email', category: 'home', value: `${first.toLowerCase()}.home@${suffix}.example.com` },
      ],
    });
  }
  await api('POST', '/contacts', owner.access_token, { kind: 'person', first_name: 'Other', last_name: `Person${suffix}` });
  await api('POST', '/deals', owner.access_token, { title: `Export deal ${suffix}`, currency: 'EUR', amount: '1500' });
  browser = await launch({ locale: 'en-US' });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = watchErrors(page);
});

after(async () => {
  await browser?.close();
});

/** Exports the list on screen with the menu entry `choice`; returns the downloaded file. */
async function exportList(choice) {
  await page.click('[data-testid="export-button"]');
  const downloading = page.waitForEvent('download', { timeout: 30000 });
  await page.click(`[data-testid="${choice}"]`);
  const download = await downloading;
  await page.locator('[data-testid="export-progress"] [data-testid="job-progress"][data-state="succeeded"]').waitFor();
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

test('a filtered list exports to a file the browser downloads', async (t) => {
  await t.test('the contacts the search shows, to CSV for Excel', async () => {
    await signIn(page, EMAIL, PASSWORD);
    await page.goto(`${CRM_URL}/contacts?q=${FAMILY}`);
    await page.locator('[data-testid="contacts-table"] tbody tr').nth(1).waitFor();
    const file = await exportList('export-csv');
    assert.match(file.name, /^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
    const text = file.bytes.toString('utf8');
    assert.match(text, /E-mail \(work\)/);
    assert.match(text, new RegExp(`anna@${suffix}\\.example\\.com`));
    assert.match(text, new RegExp(`boris\\.home@${suffix}\\.example\\.com`));
    assert.doesNotMatch(text, /Other/, 'only what the search shows');
    const ready = await page.locator('[data-testid="export-progress"]').textContent();
    assert.match(ready, /is ready: 2 records/);
    await page.click('[data-testid="export-dismiss"]');
    await page.locator('[data-testid="export-progress"]').waitFor({ state: 'detached' });
  });

  await t.test('the deals list, to an Excel workbook', async () => {
    await page.goto(`${CRM_URL}/deals`);
    await page.locator('[data-testid="export-button"]').waitFor();
    const file = await exportList('export-xlsx');
    assert.match(file.name, /^deals-\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.equal(file.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP container');
  });

  await t.test('every record, as a ZIP from the CRM settings', async () => {
    await page.click('[data-testid="sidebar"] a[href="/settings/export"]');
    await page.locator('[data-testid="full-export-button"]').waitFor();
    const downloading = page.waitForEvent('download', { timeout: 60000 });
    await page.click('[data-testid="full-export-button"]');
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^crm-\d{4}-\d{2}-\d{2}\.zip$/);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP file');
    assert.ok(bytes.includes(Buffer.from('contact_details.csv')), 'the details are in it');
  });

  assert.deepEqual(errors, []);
});
