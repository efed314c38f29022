// How long the first contacts list takes on a slow mobile link, cold and warm cache.
// Run against the release build: e2e/browser/run.sh path/to/release/crm ../bench/slow_link.mjs
// The link is Lighthouse's mobile profile ("slow 4G"): 150 ms round trip, 1.6 Mbit/s down,
// 750 kbit/s up, applied by Chromium's network emulation to every request of the page.
// Prints the median of five loads from navigation to the first contact row on screen.
import { test, after, before } from 'node:test';
import { api, CRM_URL, launch } from '../browser/browser.mjs';

const EMAIL = process.env.CRM_EMAIL;
const PASSWORD = process.env.CRM_PASSWORD;
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};
const RUNS = 5;

let browser;
let page;

before(async () => {
  const owner = await api('POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
  for (let n = 0; n < 60; n += 1) {
    await api('POST', '/contacts', owner.access_token, {
      kind: 'person', first_name: `Person ${n}`, last_name: 'Slowlink',
    });
  }
  browser = await launch({ locale: 'en-US', viewport: { width: 390, height: 844 } });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(`${CRM_URL}/`);
  await page.fill('[data-testid="login-email"]', EMAIL);
  await page.fill('[data-testid="login-password"]', PASSWORD);
  await page.click('[data-testid="login-submit"]');
  await page.locator('[data-testid="sidebar"]').waitFor();
});

after(async () => {
  await browser?.close();
});

async function firstList(cdp, cold) {
  if (cold) await cdp.send('Network.clearBrowserCache');
  const started = Date.now();
  await page.goto(`${CRM_URL}/contacts`, { waitUntil: 'commit' });
  await page.locator('[data-testid="contact-row"]').first().waitFor({ timeout: 60000 });
  return Date.now() - started;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test('the first contacts list on a slow mobile link', async () => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  for (const cold of [true, false]) {
    const times = [];
    for (let run = 0; run < RUNS; run += 1) times.push(await firstList(cdp, cold));
    console.log(
      `first list, slow 4G, ${cold ? 'cold' : 'warm'} cache: median ${median(times)} ms (${times.join(', ')})`,
    );
  }
});
