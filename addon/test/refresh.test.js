'use strict';
// The menu and the Refresh dashboard item: the request sent, the toasts shown, 202 polling.
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { loadAddon, SPREADSHEET_ID } = require('./support/appsscript');
const { makeRun, router } = require('./support/service');

const REFRESH_URL = 'https://sheetsync.example.com/v1/spreadsheets/' + SPREADSHEET_ID + '/refresh';

test('the menu lists the five items, each bound to a function that exists', () => {
  const env = loadAddon();
  env.call('onOpen', { authMode: 'FULL' });
  const items = env.menu.filter((item) => !item.separator);
  assert.deepEqual(items.map((item) => item.caption),
    ['Refresh dashboard', 'Set up tabs', 'Schedule…', 'Open sidebar', 'Settings…']);
  for (const item of items) {
    assert.equal(typeof env.context[item.fn], 'function', item.fn);
  }
});

test('the menu is French in a French sheet, and follows the user before the add-on is enabled', () => {
  const french = loadAddon({ locale: 'fr_FR' });
  french.call('onInstall', { authMode: 'FULL' });
  assert.equal(french.menu[0].caption, 'Actualiser le tableau de bord');
  // AuthMode.NONE: the sheet cannot be read, so the user's locale decides.
  const unopened = loadAddon({ locale: 'en_US', userLocale: 'fr' });
  unopened.call('onOpen', { authMode: 'NONE' });
  assert.equal(unopened.menu[0].caption, 'Actualiser le tableau de bord');
});

test('refresh posts to the sheet with the user token as Bearer and mutes HTTP exceptions', () => {
  const env = loadAddon({ service: () => ({ status: 200, body: makeRun() }) });
  env.call('menuRefresh');
  assert.equal(env.requests.length, 1);
  const [request] = env.requests;
  assert.equal(request.url, REFRESH_URL);
  assert.equal(request.method, 'POST');
  assert.equal(request.headers.Authorization, 'Bearer ya29.user-access-token');
  assert.equal(request.muteHttpExceptions, true);
  assert.equal(request.contentType, 'application/json');
  assert.deepEqual(request.json, { wait: true, trigger: 'manual' });
});

test('a successful refresh toasts the period, the duration and the issues count', () => {
  const env = loadAddon({ service: () => ({ status: 200, body: makeRun() }) });
  env.call('menuRefresh');
  const last = env.toasts.at(-1);
  assert.equal(last.title, 'Dashboard refreshed');
  assert.equal(last.message, 'Dashboard and Data issues tabs updated for November 2025 in 4.2 s. '
    + '3 data issues — see the Data issues tab.');
});

test('a French sheet gets the French toast, with a decimal comma', () => {
  const env = loadAddon({ locale: 'fr_FR', service: () => ({ status: 200, body: makeRun({ issues_count: 0 }) }) });
  env.call('menuRefresh');
  const last = env.toasts.at(-1);
  assert.equal(last.title, 'Tableau de bord actualisé');
  assert.equal(last.message, 'Onglets Dashboard et Data issues mis à jour pour novembre 2025 en 4,2 s. '
    + 'Aucun problème de données.');
});

test('a click that got a refresh which found nothing changed says the dashboard was not rewritten', () => {
  const run = makeRun({ trigger: 'schedule', wrote: false, skipped_reason: 'unchanged', issues_count: 0 });
  const env = loadAddon({ service: () => ({ status: 200, body: run }) });
  env.call('menuRefresh');
  assert.equal(env.toasts.at(-1).message, 'The data has not changed since the last refresh: '
    + 'the dashboard was not rewritten (4.2 s). No data issues.');
  const french = loadAddon({ locale: 'fr_FR', service: () => ({ status: 200, body: run }) });
  french.call('menuRefresh');
  assert.match(french.toasts.at(-1).message, /^Les données n’ont pas changé .* n’a pas été réécrit \(4,2 s\)\./);
});

test('a 202 is polled every 3 s until the run ends, then the result is toasted', () => {
  const running = makeRun({ status: 'running', finished_at: null, duration_seconds: null, headline: [] });
  let polls = 0;
  const env = loadAddon({
    service: router([
      ['POST', /\/refresh$/, { status: 202, body: running, headers: { Location: '/v1/...' } }],
      ['GET', /\/runs\/5f0c2a7e9b1d4c3a8e6f7a9b0c1d2e3f$/, () => {
        polls += 1;
        return { status: 200, body: polls < 3 ? running : makeRun({ duration_seconds: 31.5, issues_count: 1 }) };
      }],
    ]),
  });
  env.call('menuRefresh');
  assert.equal(polls, 3);
  assert.deepEqual(env.sleeps, [3000, 3000, 3000]);
  assert.ok(env.requests.slice(1).every((r) => r.headers.Authorization === 'Bearer ya29.user-access-token'));
  const titles = env.toasts.map((t) => t.title);
  assert.deepEqual(titles, ['sheetsync', 'Still refreshing', 'Dashboard refreshed']);
  assert.match(env.toasts.at(-1).message, /in 31\.5 s\. 1 data issue — see the Data issues tab\.$/);
});

test('polling gives up within about 50 s and says the refresh goes on', () => {
  const running = makeRun({ status: 'running', finished_at: null, duration_seconds: null });
  const env = loadAddon({
    service: router([
      ['POST', /\/refresh$/, { status: 202, body: running }],
      ['GET', /\/runs\//, { status: 200, body: running }],
    ]),
  });
  env.call('menuRefresh');
  const waited = env.sleeps.reduce((a, b) => a + b, 0);
  // 16 polls × 3 s = 48 s: under Apps Script's 6-minute limit with the POST's 25 s.
  assert.equal(waited, 48000);
  assert.equal(env.requests.length, 1 + 16);
  assert.equal(env.toasts.at(-1).title, 'Still refreshing');
});

test('a polled run that fails toasts its own error message', () => {
  const env = loadAddon({
    service: router([
      ['POST', /\/refresh$/, { status: 202, body: makeRun({ status: 'running' }) }],
      ['GET', /\/runs\//, { status: 200, body: makeRun({
        status: 'failed',
        error: { code: 'missing_tab', message: 'No Sales tab: add one named Sales or Ventes.', hint: '' },
      }) }],
    ]),
  });
  env.call('menuRefresh');
  assert.deepEqual(env.toasts.at(-1), {
    title: 'Refresh failed', message: 'No Sales tab: add one named Sales or Ventes.', timeout: 20,
  });
});

test('HMAC mode signs timestamp, method, path, query, user, a nonce and body with the shared secret', () => {
  const env = loadAddon({
    scriptProperties: { SERVICE_URL: 'https://sheetsync.example.com/', AUTH_MODE: 'hmac', HMAC_SECRET: 's3cret' },
    service: () => ({ status: 200, body: makeRun() }),
  });
  env.call('menuRefresh');
  const [request] = env.requests;
  assert.equal(request.headers.Authorization, undefined);
  const timestamp = request.headers['X-Sheetsync-Timestamp'];
  assert.equal(timestamp, String(Math.floor(env.clock.now / 1000)));
  const nonce = request.headers['X-Sheetsync-Nonce'];
  assert.match(nonce, /^[0-9a-f]{32}$/);
  const signed = [timestamp, 'POST', '/v1/spreadsheets/' + SPREADSHEET_ID + '/refresh', '', 'owner@example.com',
    nonce, request.payload].join('\n');
  const expected = crypto.createHmac('sha256', 's3cret').update(signed).digest('hex');
  assert.equal(request.headers['X-Sheetsync-Signature'], 'sha256=' + expected);
  assert.equal(request.headers['X-Sheetsync-User'], 'owner@example.com');
});

test('HMAC mode signs the query string, and two identical calls carry different signatures', () => {
  const env = loadAddon({
    scriptProperties: { SERVICE_URL: 'https://sheetsync.example.com/', AUTH_MODE: 'hmac', HMAC_SECRET: 's3cret' },
    service: () => ({ status: 200, body: {} }),
  });
  env.call('sidebarState');
  env.call('sidebarState');
  const runs = env.requests.filter((r) => r.url.endsWith('/runs?limit=10'));
  assert.equal(runs.length, 2);
  assert.equal(runs[0].headers['X-Sheetsync-Timestamp'], runs[1].headers['X-Sheetsync-Timestamp']);
  assert.notEqual(runs[0].headers['X-Sheetsync-Signature'], runs[1].headers['X-Sheetsync-Signature']);
  const h = runs[0].headers;
  const signed = [h['X-Sheetsync-Timestamp'], 'GET', '/v1/spreadsheets/' + SPREADSHEET_ID + '/runs', 'limit=10',
    'owner@example.com', h['X-Sheetsync-Nonce'], ''].join('\n');
  assert.equal(h['X-Sheetsync-Signature'], 'sha256=' + crypto.createHmac('sha256', 's3cret').update(signed).digest('hex'));
});

test('OIDC mode sends the identity token, and refuses one minted for another client', () => {
  const jwt = (aud) => 'e30.' + Buffer.from(JSON.stringify({ aud })).toString('base64url') + '.sig';
  const good = loadAddon({
    identityToken: jwt('123-abc.apps.googleusercontent.com'),
    scriptProperties: { SERVICE_URL: 'https://sheetsync.example.com', AUTH_MODE: 'oidc', CLIENT_ID: '123-abc.apps.googleusercontent.com' },
    service: () => ({ status: 200, body: makeRun() }),
  });
  good.call('menuRefresh');
  assert.equal(good.requests[0].headers.Authorization, 'Bearer ' + jwt('123-abc.apps.googleusercontent.com'));

  const wrong = loadAddon({
    identityToken: jwt('999-other.apps.googleusercontent.com'),
    scriptProperties: { SERVICE_URL: 'https://sheetsync.example.com', AUTH_MODE: 'oidc', CLIENT_ID: '123-abc.apps.googleusercontent.com' },
  });
  wrong.call('menuRefresh');
  assert.equal(wrong.requests.length, 0);
  assert.match(wrong.toasts.at(-1).message, /999-other.*123-abc/);
});

test('set up tabs sends the sheet language and lists the tabs added', () => {
  const env = loadAddon({ locale: 'fr_FR', service: () => ({ status: 200, body: { added: ['Ventes', 'Inscriptions'] } }) });
  env.call('menuSetUpTabs');
  assert.equal(env.requests[0].url, 'https://sheetsync.example.com/v1/spreadsheets/' + SPREADSHEET_ID + '/setup');
  assert.deepEqual(env.requests[0].json, { language: 'fr' });
  assert.deepEqual(env.toasts.at(-1), {
    title: 'Onglets créés', message: 'Ajoutés : Ventes, Inscriptions. Collez-y vos exports, puis actualisez.', timeout: 10,
  });
});
