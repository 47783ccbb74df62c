'use strict';
// Sidebar.html in headless Chromium, talking to the real .gs code over a stubbed service.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadAddon, SPREADSHEET_ID, ADDON_DIR } = require('./support/appsscript');
const { makeRun, router } = require('./support/service');
const { launch, openPage, lowContrast, unlabelled } = require('./support/browser');

const IMAGES = path.resolve(ADDON_DIR, '..', 'docs', 'images');

/** A service with a finished run, a daily schedule and a service account; PUT/DELETE echo. */
function service(overrides) {
  const o = Object.assign({ runs: [makeRun()], schedule: { frequency: 'daily', time: '07:30', timezone: 'Europe/Paris', next_run_at: '2025-12-02T06:30:00Z' } }, overrides);
  return router([
    ['GET', /\/runs\?limit=10$/, { status: 200, body: { runs: o.runs } }],
    ['GET', /\/schedule$/, { status: 200, body: o.schedule }],
    ['PUT', /\/schedule$/, (req) => ({ status: 200, body: Object.assign({ time: null, timezone: 'Europe/Paris', next_run_at: '2025-12-01T10:00:00Z' }, req.json) })],
    ['DELETE', /\/schedule$/, { status: 204 }],
    ['GET', /^\/v1\/service-account$/, { status: 200, body: { email: 'sheetsync@acme-shop.iam.gserviceaccount.com' } }],
    ['GET', /\/kpis$/, { status: 200, body: { sources: [
      { title: 'Stripe export', kind: 'Sales', export: 'Stripe payments', columns_ignored: new Array(15).fill('x'),
        rows: { read: 1208, counted: 1204, skipped: 0, left_out: 4 }, left_out: { 'test mode': 4 } },
      { title: 'Mailchimp', kind: 'Signups', export: 'Mailchimp audience', columns_ignored: [],
        rows: { read: 310, counted: 310, skipped: 0, left_out: 0 }, left_out: {} },
    ] } }],
    ['POST', /\/refresh$/, o.refresh || { status: 200, body: makeRun() }],
    ['GET', /\/runs\/\w+$/, o.run || { status: 200, body: makeRun() }],
  ]);
}

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) { await browser.close(); } });

test('English: the last run, the KPIs, the issues and the service account; screenshot', async () => {
  const env = loadAddon({ service: service() });
  const page = await openPage(browser, env, 'Sidebar');
  await page.waitForSelector('#cards li');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#run-by'), 'owner@example.com');
  assert.equal(await page.textContent('#run-took'), '4.2 s');
  assert.equal(await page.textContent('#run-outcome'), 'Succeeded');
  // finished_at 09:00 UTC shown in the sheet's time zone, Europe/Paris (UTC+1 in December).
  assert.match(await page.textContent('#run-when'), /Dec 1, 2025, 10:00/);
  assert.equal(await page.textContent('#kpis-period'), 'November 2025, compared with October 2025');
  assert.equal(await page.textContent('[data-key=gross_sales_ttc] .card-value'), '€12,841');
  assert.equal(await page.textContent('[data-key=roas] .card-value'), '3.4\u00a0×');
  // CAC rose 31.2 / 28.4 - 1 = +9.9 %: worse, since lower is better.
  assert.equal(await page.getAttribute('[data-key=cac] .card-change', 'class'), 'card-change bad');
  assert.match(await page.textContent('[data-key=cac] .card-change'), /^▲ up \+9\.9%$/);
  assert.equal(await page.getAttribute('[data-key=new_signups] .card-change', 'class'), 'card-change good');
  assert.equal(await page.textContent('#issues-count'), '3 rows need a look.');
  assert.equal(await page.getAttribute('#issues-link', 'href'),
    'https://docs.google.com/spreadsheets/d/' + SPREADSHEET_ID + '/edit#gid=103');
  assert.equal(await page.textContent('#service-account'), 'sheetsync@acme-shop.iam.gserviceaccount.com');
  assert.deepEqual(await page.$$eval('#sources-list li', (items) => items.map((li) => li.textContent)), [
    'Stripe export → Sales, Stripe payments, 1,204 rows, 4 left out by rule, 15 columns ignored',
    'Mailchimp → Signups, Mailchimp audience, 310 rows',
  ]);
  assert.equal(await page.textContent('[data-key=net_profit] .card-value'), '-€420');
  assert.equal(await page.isChecked('input[name=frequency][value=daily]'), true);
  assert.equal(await page.inputValue('#daily-time'), '07:30');
  assert.deepEqual(page.__errors || [], []);
  fs.mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: path.join(IMAGES, 'sidebar-en.png'), fullPage: true });
});

test('French: labels, numbers and dates in French; screenshot', async () => {
  const env = loadAddon({ locale: 'fr_FR', service: service() });
  const page = await openPage(browser, env, 'Sidebar', { locale: 'fr-FR' });
  await page.waitForSelector('#cards li');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.textContent('#refresh'), 'Actualiser le tableau de bord');
  assert.equal(await page.textContent('#kpis-period'), 'novembre 2025, comparé à octobre 2025');
  assert.equal(await page.textContent('[data-key=gross_sales_ttc] .card-value'), '12\u202f841\u00a0€');
  assert.equal(await page.textContent('[data-key=net_profit] .card-label'), 'Résultat net');
  assert.equal(await page.textContent('#run-took'), '4,2 s');
  assert.match(await page.textContent('#run-when'), /1 déc\. 2025, 10:00/);
  assert.equal(await page.textContent('#issues-count'), '3 lignes à vérifier.');
  assert.equal(await page.textContent('#save-schedule'), 'Enregistrer');
  await page.screenshot({ path: path.join(IMAGES, 'sidebar-fr.png'), fullPage: true });
});

test('a scheduled run that found nothing changed shows "unchanged, not rewritten", in both languages', async () => {
  const runs = [makeRun({ trigger: 'schedule', triggered_by: 'schedule', wrote: false, skipped_reason: 'unchanged' })];
  for (const [locale, text] of [['en_US', 'Unchanged, not rewritten'], ['fr_FR', 'Inchangé, non réécrit']]) {
    const env = loadAddon({ locale, service: service({ runs }) });
    const page = await openPage(browser, env, 'Sidebar');
    await page.waitForSelector('#cards li');
    assert.equal(await page.textContent('#run-outcome'), text);
    assert.equal(await page.getAttribute('#run-outcome', 'class'), 'ok');
    await page.close();
  }
});

test('the schedule control sends daily at HH:MM, hourly, and off', async () => {
  const env = loadAddon({ service: service({ schedule: { frequency: 'off', time: null, timezone: 'Europe/Paris', next_run_at: null } }) });
  const page = await openPage(browser, env, 'Sidebar');
  await page.waitForSelector('#cards li');
  assert.equal(await page.isDisabled('#daily-time'), true, 'the time is only for daily');
  await page.check('input[name=frequency][value=daily]');
  await page.fill('#daily-time', '7h30');
  await page.click('#save-schedule');
  await page.waitForFunction(() => /HH:MM/.test(document.getElementById('status').textContent));
  assert.equal(await page.getAttribute('#status', 'class'), 'error');
  assert.equal(env.requests.filter((r) => r.method === 'PUT').length, 0);
  await page.fill('#daily-time', '06:45');
  await page.click('#save-schedule');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Schedule saved.');
  const put = env.requests.at(-1);
  assert.equal(put.method, 'PUT');
  assert.deepEqual(put.json, { frequency: 'daily', time: '06:45', language: 'en' });
  assert.match(await page.textContent('#next-run'), /^Next run: Dec 1, 2025, 11:00/);

  await page.check('input[name=frequency][value=hourly]');
  await page.click('#save-schedule');
  await page.waitForFunction(() => window.__calls.length >= 3);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Schedule saved.');
  assert.deepEqual(env.requests.at(-1).json, { frequency: 'hourly', language: 'en' });

  await page.check('input[name=frequency][value=off]');
  await page.click('#save-schedule');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Scheduled refreshes are off.');
  assert.equal(env.requests.at(-1).method, 'DELETE');
});

test('Refresh polls a 202 and announces the result in the live region', async () => {
  const running = makeRun({ status: 'running', finished_at: null, duration_seconds: null });
  const env = loadAddon({ service: service({ refresh: { status: 202, body: running } }) });
  const page = await openPage(browser, env, 'Sidebar');
  await page.waitForSelector('#cards li');
  assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
  await page.click('#refresh');
  await page.waitForFunction(() => /Dashboard and Data issues tabs updated/.test(document.getElementById('status').textContent), null, { timeout: 15000 });
  const calls = await page.evaluate(() => window.__calls.map((c) => c[0]));
  assert.deepEqual(calls.slice(1), ['refreshNow', 'runStatus', 'sidebarState']);
  assert.ok(env.requests.some((r) => r.method === 'GET' && /\/runs\/5f0c2a7e/.test(r.url)));
});

test('the Data issues link activates the tab, and the edit switch installs the trigger', async () => {
  const env = loadAddon({ service: service() });
  const page = await openPage(browser, env, 'Sidebar');
  await page.waitForSelector('#cards li');
  await page.click('#issues-link');
  await page.waitForFunction(() => window.__calls.some((c) => c[0] === 'showIssuesTab'));
  assert.equal(env.activeSheet, 'Data issues');
  await page.check('#edit-trigger');
  await page.waitForFunction(() => /about a minute after edits/.test(document.getElementById('status').textContent));
  assert.deepEqual(env.triggers.map((t) => t.info.handler), ['sheetsyncOnEdit']);
});

test('accessible: every control named, contrast at least 4.5:1, Tab starts at Refresh', async () => {
  for (const locale of ['en_US', 'fr_FR']) {
    const env = loadAddon({ locale, service: service() });
    const page = await openPage(browser, env, 'Sidebar');
    await page.waitForSelector('#cards li');
    assert.deepEqual(await page.evaluate(unlabelled), [], locale);
    assert.deepEqual(await page.evaluate(lowContrast), [], locale);
    assert.equal(await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count(), 0);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'refresh');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 300, 'no sideways scrolling at 300 px, got ' + width);
  }
});

test('Schedule… focuses the schedule; an unconfigured add-on says where to set it up', async () => {
  const env = loadAddon({ service: service() });
  env.call('menuSchedule');
  const page = await openPage(browser, env, 'Sidebar');
  await page.waitForSelector('#cards li');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'daily');

  const bare = loadAddon({ scriptProperties: {} });
  const empty = await openPage(browser, bare, 'Sidebar');
  await empty.waitForSelector('#not-configured:not([hidden])');
  assert.equal(await empty.isDisabled('#refresh'), true);
  assert.equal(bare.requests.length, 0);
});

test('a failed last run shows its error, KPIs stay those of the last success, odd locale tolerated', async () => {
  const failed = makeRun({ id: 'f'.repeat(32), status: 'failed', headline: [], issues_count: null, duration_seconds: 1.5,
    trigger: 'schedule', triggered_by: 'schedule',
    error: { code: 'missing_column', message: 'The Sales tab has no amount column.', hint: 'Add a column named Amount.' } });
  const env = loadAddon({ locale: 'x_Y', service: service({ runs: [failed, makeRun()] }) });
  const page = await openPage(browser, env, 'Sidebar');
  await page.waitForSelector('#cards li');
  assert.equal(await page.textContent('#run-outcome'), 'Failed');
  assert.equal(await page.textContent('#run-by'), 'the schedule');
  assert.equal(await page.textContent('#run-error'), 'The Sales tab has no amount column. Add a column named Amount.');
  assert.equal(await page.locator('#cards li').count(), 9);
  assert.equal(await page.textContent('#issues-count'), '3 rows need a look.');
  assert.deepEqual(page.__errors || [], []);
});

test('the last failed scheduled run shows its error, then one line once a refresh succeeded, in both languages', async () => {
  const failure = { run_id: 'f'.repeat(32), finished_at: '2025-12-01T06:30:00Z', code: 'missing_tab',
    message: 'No Sales tab.', hint: 'Add a tab named Sales.', recovered: false };
  const schedule = { frequency: 'daily', time: '07:30', timezone: 'Europe/Paris', next_run_at: '2025-12-02T06:30:00Z', last_failure: failure };
  let page = await openPage(browser, loadAddon({ service: service({ schedule }) }), 'Sidebar');
  await page.waitForSelector('#schedule-failure:not([hidden])');
  assert.match(await page.textContent('#schedule-failure-title'), /^The scheduled refresh failed on Dec 1, 2025, 7:30/);
  assert.equal(await page.textContent('#schedule-failure-message'), 'No Sales tab.');
  assert.equal(await page.textContent('#schedule-failure-hint'), 'Add a tab named Sales.');
  assert.equal(await page.getAttribute('#schedule-failure', 'class'), 'notice error');
  const recovered = Object.assign({}, schedule, { last_failure: Object.assign({}, failure, { recovered: true }) });
  page = await openPage(browser, loadAddon({ locale: 'fr_FR', service: service({ schedule: recovered }) }), 'Sidebar');
  await page.waitForSelector('#schedule-failure:not([hidden])');
  assert.match(await page.textContent('#schedule-failure-title'), /^L’actualisation programmée du 1 déc\. 2025, 07:30 a échoué ; une actualisation a réussi depuis\.$/);
  assert.equal(await page.isHidden('#schedule-failure-message'), true);
  assert.equal(await page.getAttribute('#schedule-failure', 'class'), 'notice');
  const none = await openPage(browser, loadAddon({ service: service() }), 'Sidebar');
  await none.waitForSelector('#cards li');
  assert.equal(await none.isHidden('#schedule-failure'), true);
});

test('the headline compares with a year earlier and shows year to date, in both languages', async () => {
  const base = makeRun();
  const headline = base.headline.map((item) => Object.assign({}, item, {
    previous_period: '2025-10', year_ago_period: '2024-11',
    year_ago: item.value === null ? null : item.value / 2, change_year: item.value === null ? null : 1,
    ytd_end: '2025-12-15', ytd: item.value === null ? null : item.value * 10,
    ytd_previous: item.value === null ? null : item.value * 8, change_ytd: item.value === null ? null : 0.25,
  }));
  for (const [locale, period, ytdTitle] of [
    ['en_GB', 'November 2025, compared with October 2025 and November 2024', 'Year to date'],
    ['fr_FR', 'novembre 2025, comparé à octobre 2025 et à novembre 2024', 'Depuis le 1er janvier'],
  ]) {
    const env = loadAddon({ locale, service: service({ runs: [makeRun({ headline })] }) });
    const page = await openPage(browser, env, 'Sidebar', { locale: locale.replace('_', '-') });
    await page.waitForSelector('#ytd li');
    assert.equal(await page.textContent('#kpis-period'), period);
    assert.equal(await page.textContent('#ytd-heading'), ytdTitle);
    // CAC doubled against a year earlier: worse, since lower is better.
    assert.equal(await page.getAttribute('[data-key=cac] .card-year', 'class'), 'card-change bad card-year');
    assert.match(await page.textContent('#cards [data-key=cac] .card-year'), /100\s?%.*vs/);
    assert.match(await page.textContent('#ytd [data-key=gross_sales_ttc] .card-value'), /128[\s,.\u202f]?405/);
    assert.equal(await page.$('#ytd [data-key=signups_per_day]'), null);
    assert.match(await page.textContent('#ytd-span'), /2024/);
    assert.deepEqual(page.__errors || [], []);
  }
});
