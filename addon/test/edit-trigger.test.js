'use strict';
// The optional refresh after edits: which tabs count, and the call that tells the service.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon, SPREADSHEET_ID } = require('./support/appsscript');
const { makeRun } = require('./support/service');

const TABS = [
  ['Ventes', []], ['Dépenses marketing', []], ['Frais', []], ['Paramètres', [['clé', 'valeur'], ['tab.spend', 'Pub Meta']]],
  ['Pub Meta', []], ['Dashboard', []], ['Data issues', []],
];
const EDITED_PATH = '/v1/spreadsheets/' + SPREADSHEET_ID + '/edited';

/** The service's answer to POST .../edited: the refresh is due a minute after this edit. */
function edited(request, env) {
  const now = new Date(env.clock.now);
  return {
    status: 202,
    body: {
      spreadsheet_id: SPREADSHEET_ID, edited_at: now.toISOString(),
      due_at: new Date(env.clock.now + 60000).toISOString(), quiet_seconds: 60,
    },
  };
}

function editCalls(env) {
  return env.requests.filter((r) => r.url.endsWith(EDITED_PATH));
}

test('the sidebar switch installs and removes one on-edit trigger for this sheet', () => {
  const env = loadAddon();
  const on = env.call('setEditTrigger', true);
  assert.equal(on.ok, true);
  assert.deepEqual(env.triggers.map((t) => [t.info.handler, t.info.type, t.info.spreadsheetId]),
    [['sheetsyncOnEdit', 'edit', SPREADSHEET_ID]]);
  env.call('setEditTrigger', true);
  assert.equal(env.triggers.length, 1, 'switching on twice keeps one trigger');
  env.call('setEditTrigger', false);
  assert.equal(env.triggers.length, 0);
});

test('edits of Spend, Costs and Settings under French names and renames tell the service', () => {
  for (const name of ['Dépenses marketing', 'frais', 'PARAMETRES', 'Pub Meta', 'Publicite', 'expenses']) {
    const env = loadAddon({ tabs: TABS, service: edited });
    env.call('sheetsyncOnEdit', env.editEvent(name));
    assert.equal(editCalls(env).length, 1, name);
    assert.equal(editCalls(env)[0].method, 'POST', name);
    assert.equal(editCalls(env)[0].payload, null, 'no body');
    assert.match(editCalls(env)[0].headers.Authorization, /^Bearer /);
  }
});

test('edits of the owned tabs and of other input tabs are ignored', () => {
  // Even a Settings tab that (wrongly) renames Costs to an owned tab does not make it count.
  const tabs = TABS.concat([['Config', [['tab.costs', 'Dashboard'], ['tab.settings', 'Data issues']]]]);
  for (const name of ['Dashboard', 'Data issues', 'data issues', 'Ventes', 'Sales']) {
    const env = loadAddon({ tabs, service: edited });
    env.call('sheetsyncOnEdit', env.editEvent(name));
    assert.equal(env.requests.length, 0, name);
    assert.equal(env.userProps.getProperty('sheetsync.notedEdits'), null, name);
  }
});

test('a burst of edits makes a few calls and arms no time-based trigger', () => {
  const env = loadAddon({ tabs: TABS, service: edited });
  for (let i = 0; i < 10; i++) { // ten edits, 5 s apart
    env.call('sheetsyncOnEdit', env.editEvent(i % 2 ? 'Frais' : 'Dépenses marketing'));
    env.clock.now += 5000;
  }
  // Calls at 0, 15, 30 and 45 s: the edits in between are read by the refresh due a minute
  // after the call before them.
  assert.equal(editCalls(env).length, 4);
  assert.equal(env.triggers.filter((t) => t.info.type === 'clock').length, 0);
  assert.equal(env.requests.filter((r) => r.url.endsWith('/refresh')).length, 0, 'the service refreshes');
});

test('an edit after the throttle window, or after the planned refresh, calls again', () => {
  const env = loadAddon({ tabs: TABS, service: edited });
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  env.clock.now += 14000;
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  assert.equal(editCalls(env).length, 1, 'within 15 s of the last call');
  env.clock.now += 1000;
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  assert.equal(editCalls(env).length, 2);
});

test('a refused call is logged and retried at the next edit', () => {
  let status = 501;
  const env = loadAddon({
    tabs: TABS,
    service: (request, e) => (status === 202 ? edited(request, e) : {
      status, body: { error: { code: 'edit_refresh_unavailable', message: 'Per-user access needs a secret.' } },
    }),
  });
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  assert.ok(env.logs.some(([level, text]) => level === 'warn' && /Per-user access needs a secret/.test(text)));
  assert.equal(env.userProps.getProperty('sheetsync.notedEdits'), null);
  status = 202;
  env.clock.now += 1000;
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  assert.equal(editCalls(env).length, 2, 'not throttled after a failure');
});

test('the sidebar says a refresh follows the edits until the service has run it', () => {
  const env = loadAddon({
    tabs: TABS,
    service: (request, e) => (request.url.endsWith(EDITED_PATH) ? edited(request, e) : { status: 200, body: { runs: [] } }),
  });
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  assert.equal(env.call('sidebarState').pendingAfterEdits, true);
  env.clock.now += 61000;
  assert.equal(env.call('sidebarState').pendingAfterEdits, false);
});

test('the trigger an earlier version armed deletes itself and its state when it fires', () => {
  const env = loadAddon({ tabs: TABS, service: () => ({ status: 200, body: makeRun({ trigger: 'edit' }) }) });
  env.context.ScriptApp.newTrigger('sheetsyncDeferredRefresh').timeBased().after(60000).create();
  env.userProps.setProperty('sheetsync.pendingEdits', JSON.stringify({ [SPREADSHEET_ID]: env.clock.now }));
  env.clock.now += 60000;
  assert.equal(env.fireDueTriggers(), 1);
  assert.equal(env.triggers.length, 0);
  assert.equal(env.userProps.getProperty('sheetsync.pendingEdits'), null);
  assert.equal(env.requests.length, 0, 'it refreshes nothing itself');
});
