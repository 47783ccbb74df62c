'use strict';
/**
 * End to end: the add-on's .gs code in Node, calling the real service on a free loopback port
 * through a UrlFetchApp that makes real HTTP requests.
 *
 * 1. `sheetsync serve --workbooks DIR` (HMAC auth) with a sample workbook in DIR.
 * 2. The service with `auth = google` in front of the fake Google Sheets API of tests/fakesheets
 *    (support/fake_google.py): the add-on's access token (token-info, the access check as the
 *    user) or identity token (Google's certificates, Drive permissions), then the read and write
 *    as the service account, all through the service's real Google code paths.
 * Each is skipped, with the reason, when what it needs is not in this checkout yet.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { loadAddon, realHttp, ADDON_DIR } = require('./support/appsscript');

const ROOT = path.resolve(ADDON_DIR, '..');
const VENV_BIN = path.join(ROOT, '.venv', 'bin');
const PYTHON = path.join(VENV_BIN, 'python');
const SHEETSYNC = path.join(VENV_BIN, 'sheetsync');
const SHEET_ID = 'e2eDemoShopWorkbook_2025';
const SECRET = 'e2e-shared-secret-0123456789';

/** Why the end-to-end test cannot run here, or null when it can. */
function unavailable() {
  if (!fs.existsSync(SHEETSYNC)) {
    return SHEETSYNC + ' is missing (run `make test` or `pip install -e .` in the venv first)';
  }
  const help = spawnSync(SHEETSYNC, ['serve', '--help'], { encoding: 'utf8' });
  if (help.status !== 0 || !/--workbooks/.test(help.stdout)) {
    return '`sheetsync serve --workbooks` is not available in this checkout yet';
  }
  return null;
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Why the fake-Google variant cannot run here, or null when it can. */
function fakeGoogleUnavailable() {
  if (!fs.existsSync(PYTHON)) {
    return PYTHON + ' is missing (run `make test` first)';
  }
  const probe = spawnSync(PYTHON, ['-c', 'import responses, tests.fakesheets.api, tests.fakesheets.fixture, sheetsync.service.http'],
    { cwd: ROOT, encoding: 'utf8' });
  if (probe.status !== 0) {
    return 'the fake Sheets API or the service cannot be imported yet: ' + probe.stderr.trim().split('\n').pop();
  }
  return null;
}

/** Starts a server process, and stops it and removes `dir` when the test ends. */
async function startServer(t, command, args, dir, env) {
  const port = await freePort();
  const base = 'http://127.0.0.1:' + port;
  const logs = [];
  const child = spawn(command, args(port), {
    cwd: dir, env: Object.assign({}, process.env, env), stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  t.after(() => {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await waitHealthy(base, child, logs);
  return { base, logs };
}

/** A sample workbook of 3 months made by the project's CLI. */
function makeSample(file) {
  const sample = spawnSync(SHEETSYNC, ['sample', file, '--months', '3', '--end', '2025-12-31'], { encoding: 'utf8' });
  assert.equal(sample.status, 0, sample.stderr);
}

/** Waits until GET /healthz answers 200, or the process dies, or 60 s pass. */
async function waitHealthy(base, child, logs) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error('sheetsync serve exited with ' + child.exitCode + ':\n' + logs.join(''));
    }
    try {
      const response = await fetch(base + '/healthz', { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) { return; }
    } catch (err) {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('sheetsync serve did not become healthy in 60 s:\n' + logs.join(''));
}

/** The sheet names of an .xlsx file, read with the project's own openpyxl. */
function sheetNames(file) {
  const out = spawnSync(path.join(VENV_BIN, 'python'), ['-c',
    'import json, sys, openpyxl; print(json.dumps(openpyxl.load_workbook(sys.argv[1], read_only=True).sheetnames))', file],
  { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

const reason = unavailable();
const fakeReason = fakeGoogleUnavailable() || (fs.existsSync(SHEETSYNC) ? null : SHEETSYNC + ' is missing');

test('the add-on refreshes a workbook through the real service', { skip: reason || false, timeout: 300000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheetsync-e2e-'));
  const workbook = path.join(dir, SHEET_ID + '.xlsx');
  makeSample(workbook);
  assert.ok(!sheetNames(workbook).includes('Dashboard'));
  const { base, logs } = await startServer(t, SHEETSYNC,
    (port) => ['serve', '--host', '127.0.0.1', '--port', String(port), '--workbooks', dir], dir,
    { SHEETSYNC_HMAC_SECRET: SECRET, SHEETSYNC_DATABASE_URL: 'sqlite:///' + path.join(dir, 'state.db') });

  const settings = { SERVICE_URL: base + '/', AUTH_MODE: 'hmac', HMAC_SECRET: SECRET };
  const env = loadAddon({ spreadsheetId: SHEET_ID, scriptProperties: settings, realTime: true, service: realHttp });

  await t.test('Refresh dashboard from the menu writes the dashboard and toasts it', () => {
    env.call('menuRefresh');
    const last = env.toasts.at(-1);
    assert.equal(last.title, 'Dashboard refreshed', JSON.stringify(last) + '\n' + logs.join(''));
    // The headline period is the service's choice (the last complete one before its as_of).
    assert.match(last.message, /^Dashboard and Data issues tabs updated for [A-Z][a-z]+ \d{4} in \d+\.\d s\. (No data issues\.|1 data issue|\d+ data issues)/);
    assert.ok(sheetNames(workbook).includes('Dashboard'));
    assert.equal(env.requests[0].method, 'POST');
    assert.ok(env.requests[0].headers['X-Sheetsync-Signature'].startsWith('sha256='));
  });

  await t.test('the sidebar state shows that run with its headline KPIs', () => {
    const state = env.call('sidebarState');
    assert.equal(state.error, null);
    assert.equal(state.lastRun.status, 'succeeded');
    assert.equal(state.lastRun.triggered_by, 'owner@example.com');
    assert.equal(state.lastSuccess.headline.length, 9);
    assert.equal(state.lastSuccess.headline[0].key, 'gross_sales_ttc');
    assert.equal(state.schedule.frequency, 'off');
    assert.equal(state.serviceAccount, null, 'no service account in workbooks mode');
  });

  await t.test('the schedule is saved, then switched off', () => {
    const daily = env.call('saveSchedule', 'daily', '7:30');
    assert.equal(daily.ok, true, daily.message);
    assert.equal(daily.schedule.frequency, 'daily');
    assert.equal(daily.schedule.time, '07:30');
    const off = env.call('saveSchedule', 'off');
    assert.equal(off.ok, true, off.message);
    assert.equal(env.call('sidebarState').schedule.frequency, 'off');
  });

  await t.test('an unknown sheet and a wrong secret toast the service’s own messages', () => {
    const missing = loadAddon({ spreadsheetId: 'noSuchWorkbookInThisFolder', scriptProperties: settings, realTime: true, service: realHttp });
    missing.call('menuRefresh');
    assert.equal(missing.toasts.at(-1).title, 'Sheet not found');
    assert.ok(missing.toasts.at(-1).message.length > 0);

    const wrong = loadAddon({ spreadsheetId: SHEET_ID, realTime: true, service: realHttp,
      scriptProperties: Object.assign({}, settings, { HMAC_SECRET: 'not-the-secret-at-all' }) });
    wrong.call('menuRefresh');
    assert.equal(wrong.toasts.at(-1).title, 'Sign-in needed');
    assert.match(wrong.toasts.at(-1).message, /signature/i);
  });
});

test('the add-on refreshes a Google Sheet through the service and the fake Sheets API', { skip: fakeReason || false, timeout: 300000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheetsync-e2e-google-'));
  const workbook = path.join(dir, 'shop.xlsx');
  makeSample(workbook);
  const sheetId = 'fakeGoogleDemoShop_000000000001';
  const privateId = 'fakeGooglePrivateShop_0000000001';
  const token = 'ya29.user-access-token'; // what the ScriptApp stub's getOAuthToken() returns
  // The token carries the manifest's scopes plus drive.file: the oauth mode's access check reads
  // the sheet as the user, which the Sheets API allows only with a Sheets or Drive scope.
  const manifest = JSON.parse(fs.readFileSync(path.join(ADDON_DIR, 'appsscript.json'), 'utf8'));
  const scopes = manifest.oauthScopes.concat(['https://www.googleapis.com/auth/drive.file']);
  const { base, logs } = await startServer(t, PYTHON, (port) => [
    path.join(ADDON_DIR, 'test', 'support', 'fake_google.py'), '--port', String(port), '--workbook', workbook,
    '--state', dir, '--sheet-id', sheetId, '--private-id', privateId, '--token', token,
    '--email', 'owner@example.com', ...scopes.flatMap((scope) => ['--scope', scope]),
    '--id-token-out', path.join(dir, 'id-token'),
  ], dir, { PYTHONPATH: ROOT });
  const settings = { SERVICE_URL: base, AUTH_MODE: 'oauth', CLIENT_ID: '1234567890-sheetsync-addon.apps.googleusercontent.com' };
  const fakeValues = (id, tab) => JSON.parse(realHttp({
    url: base + '/__fake__/values/' + id + '/' + encodeURIComponent(tab), method: 'GET',
    headers: { Authorization: 'Bearer ' + token }, payload: null,
  }).text).values;
  assert.equal(fakeValues(sheetId, 'Dashboard'), null);

  await t.test('Refresh dashboard writes the Dashboard tab into the fake sheet', () => {
    const env = loadAddon({ spreadsheetId: sheetId, scriptProperties: settings, realTime: true, service: realHttp });
    env.call('menuRefresh');
    const last = env.toasts.at(-1);
    assert.equal(last.title, 'Dashboard refreshed', JSON.stringify(last) + '\n' + logs.join('').slice(-3000));
    assert.equal(env.requests[0].headers.Authorization, 'Bearer ' + token);
    const dashboard = fakeValues(sheetId, 'Dashboard');
    assert.ok(dashboard.length > 20, 'a dashboard of ' + dashboard.length + ' rows');
    assert.match(String(dashboard[0][0]), /dashboard|tableau de bord/i); // the sample is French
  });

  await t.test('the sidebar shows the run and the service account to share with', () => {
    const env = loadAddon({ spreadsheetId: sheetId, scriptProperties: settings, realTime: true, service: realHttp });
    const state = env.call('sidebarState');
    assert.equal(state.error, null);
    assert.equal(state.lastRun.status, 'succeeded');
    assert.equal(state.lastRun.triggered_by, 'owner@example.com');
    assert.equal(state.serviceAccount, 'sheetsync@sheetsync-test.iam.gserviceaccount.com');
  });

  await t.test('a sheet not shared with the user is refused with the service message', () => {
    const env = loadAddon({ spreadsheetId: privateId, scriptProperties: settings, realTime: true, service: realHttp });
    env.call('menuRefresh');
    const last = env.toasts.at(-1);
    assert.equal(last.title, 'No access to this sheet');
    assert.match(last.message, /^You cannot open this spreadsheet/);
    assert.equal(fakeValues(privateId, 'Dashboard'), null);
  });

  await t.test('identity-token mode works with the manifest as it is, no drive.file', () => {
    const oidc = Object.assign({}, settings, { AUTH_MODE: 'oidc' });
    const identityToken = fs.readFileSync(path.join(dir, 'id-token'), 'utf8');
    const env = loadAddon({ spreadsheetId: sheetId, scriptProperties: oidc, identityToken, realTime: true, service: realHttp });
    env.call('menuRefresh');
    assert.equal(env.toasts.at(-1).title, 'Dashboard refreshed', JSON.stringify(env.toasts.at(-1)) + '\n' + logs.join('').slice(-3000));
    assert.equal(env.requests[0].headers.Authorization, 'Bearer ' + identityToken);

    const refused = loadAddon({ spreadsheetId: privateId, scriptProperties: oidc, identityToken, realTime: true, service: realHttp });
    refused.call('menuRefresh');
    assert.equal(refused.toasts.at(-1).title, 'No access to this sheet');
    assert.match(refused.toasts.at(-1).message, /^You cannot open this spreadsheet\./);
  });
});
