'use strict';
// The functions the sidebar and the Settings dialog call through google.script.run.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon, SPREADSHEET_ID } = require('./support/appsscript');
const { makeRun, errorAnswer, router } = require('./support/service');

const BASE = 'https://sheetsync.example.com/v1/spreadsheets/' + SPREADSHEET_ID;

function fullService() {
  const failed = makeRun({ id: 'f'.repeat(32), status: 'failed', headline: [], trigger: 'schedule',
    triggered_by: 'schedule', error: { code: 'google_timeout', message: 'Google was too slow.', hint: '' } });
  return router([
    ['GET', /\/runs\?limit=10$/, { status: 200, body: { runs: [failed, makeRun()] } }],
    ['GET', /\/schedule$/, { status: 200, body: { frequency: 'daily', time: '07:30', timezone: 'Europe/Paris', next_run_at: '2025-12-02T06:30:00Z' } }],
    ['GET', /^\/v1\/service-account$/, { status: 200, body: { email: 'sheetsync@shop.iam.gserviceaccount.com' } }],
    ['GET', /\/kpis$/, { status: 200, body: { sources: [
      { title: 'Stripe export', kind: 'Sales', export: 'Stripe payments', columns_ignored: ['Fee', 'Card ID'],
        rows: { read: 1210, counted: 1204, skipped: 2, left_out: 4 }, left_out: { 'test mode': 4 } },
      { title: 'Settings', kind: 'Settings', export: null, columns_ignored: [], rows: null, left_out: {} },
      { title: 'Notes', kind: null, export: null, columns_ignored: [], rows: null, left_out: {} },
    ] } }],
  ]);
}

test('sidebarState gathers runs, schedule and service account in one fetchAll', () => {
  const env = loadAddon({ service: fullService() });
  const state = env.call('sidebarState');
  assert.deepEqual(env.requests.map((r) => r.url), [
    BASE + '/runs?limit=10', BASE + '/schedule', 'https://sheetsync.example.com/v1/service-account',
    BASE + '/kpis',
  ]);
  assert.ok(env.requests.every((r) => r.headers.Authorization === 'Bearer ya29.user-access-token'));
  assert.equal(state.lastRun.status, 'failed');
  assert.equal(state.lastSuccess.status, 'succeeded', 'KPIs come from the newest successful run');
  assert.equal(state.schedule.time, '07:30');
  assert.equal(state.serviceAccount, 'sheetsync@shop.iam.gserviceaccount.com');
  assert.deepEqual(state.issuesTab, {
    exists: true, url: 'https://docs.google.com/spreadsheets/d/' + SPREADSHEET_ID + '/edit#gid=103',
  });
  assert.equal(state.locale, 'en-US');
  assert.equal(state.error, null);
  assert.deepEqual(state.sources, [
    { title: 'Stripe export', kind: 'Sales', export: 'Stripe payments', counted: 1204, leftOut: 4, ignored: 2 },
    { title: 'Notes', kind: null, export: null, counted: null, leftOut: 0, ignored: 0 },
  ], 'what each tab was read as, the Settings tab aside');
});

test('sidebarState reports the service error instead of throwing', () => {
  const env = loadAddon({ service: () => errorAnswer(403, 'forbidden', 'Share the sheet first.') });
  const state = env.call('sidebarState');
  assert.deepEqual(state.error, { title: 'No access to this sheet', message: 'Share the sheet first.', hint: '' });
  assert.equal(state.lastRun, null);
  assert.equal(state.serviceAccount, null);
});

test('Schedule… opens the sidebar focused on the schedule, once', () => {
  const env = loadAddon({ service: fullService() });
  env.call('menuSchedule');
  assert.equal(env.sidebars[0].file, 'Sidebar');
  assert.equal(env.call('sidebarState').focus, 'schedule');
  assert.equal(env.call('sidebarState').focus, null);
});

test('saveSchedule sends daily with a zero-padded time, hourly, and off as a DELETE', () => {
  const answer = (request) => (request.method === 'DELETE' ? { status: 204 }
    : { status: 200, body: Object.assign({ timezone: 'Europe/Paris', time: null, next_run_at: null }, request.json) });
  const env = loadAddon({ service: answer });
  const daily = env.call('saveSchedule', 'daily', '7:30');
  assert.deepEqual(env.requests[0].json, { frequency: 'daily', time: '07:30', language: 'en' });
  assert.equal(env.requests[0].method, 'PUT');
  assert.equal(daily.schedule.time, '07:30');
  env.call('saveSchedule', 'hourly');
  assert.deepEqual(env.requests[1].json, { frequency: 'hourly', language: 'en' });
  const off = env.call('saveSchedule', 'off');
  assert.equal(env.requests[2].method, 'DELETE');
  assert.equal(env.requests[2].url, BASE + '/schedule');
  assert.equal(off.message, 'Scheduled refreshes are off.');
});

test('saveSchedule refuses a time that is not HH:MM without calling the service', () => {
  const env = loadAddon({ locale: 'fr_FR' });
  const result = env.call('saveSchedule', 'daily', '25:00');
  assert.equal(result.ok, false);
  assert.equal(result.message, 'Saisissez une heure au format HH:MM, par exemple 07:30.');
  assert.equal(env.requests.length, 0);
});

test('refreshNow returns a 202 as pending for the sidebar to poll with runStatus', () => {
  const running = makeRun({ status: 'running' });
  const env = loadAddon({ service: router([
    ['POST', /\/refresh$/, { status: 202, body: running }],
    ['GET', /\/runs\//, { status: 200, body: makeRun() }],
  ]) });
  const first = env.call('refreshNow');
  assert.equal(first.pending, true);
  assert.equal(env.sleeps.length, 0, 'no polling inside refreshNow');
  const done = env.call('runStatus', first.run.id);
  assert.equal(done.ok, true);
  assert.equal(env.toasts.at(-1).title, 'Dashboard refreshed');
});

test('showIssuesTab activates the Data issues tab', () => {
  const env = loadAddon();
  assert.deepEqual(env.call('showIssuesTab'), { ok: true });
  assert.equal(env.activeSheet, 'Data issues');
});

test('settings are validated, stored in script properties, and the secret never read back', () => {
  const env = loadAddon({ scriptProperties: {} });
  assert.equal(env.call('saveSettings', { serviceUrl: 'http://evil.example.com', authMode: 'oauth' }).field, 'serviceUrl');
  assert.equal(env.call('saveSettings', { serviceUrl: 'https://s.example.com', authMode: 'hmac' }).field, 'hmacSecret');
  const saved = env.call('saveSettings', {
    serviceUrl: 'https://s.example.com/', clientId: ' 123.apps.googleusercontent.com ', authMode: 'hmac', hmacSecret: 'k',
  });
  assert.equal(saved.ok, true);
  assert.deepEqual(env.scriptProps.getProperties(), {
    SERVICE_URL: 'https://s.example.com', CLIENT_ID: '123.apps.googleusercontent.com', AUTH_MODE: 'hmac', HMAC_SECRET: 'k',
  });
  const state = env.call('settingsState');
  assert.equal(state.hmacSecretSet, true);
  assert.doesNotMatch(JSON.stringify(state), /"k"/);
});

test('locked settings cannot be changed from the dialog', () => {
  const env = loadAddon({ scriptProperties: { SERVICE_URL: 'https://s.example.com', SETTINGS_LOCKED: 'true' } });
  const result = env.call('saveSettings', { serviceUrl: 'https://other.example.com', authMode: 'oauth' });
  assert.equal(result.ok, false);
  assert.equal(env.scriptProps.getProperty('SERVICE_URL'), 'https://s.example.com');
});
