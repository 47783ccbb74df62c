'use strict';
// The optional refresh after edits: which tabs count, and the one-minute debounce.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon, SPREADSHEET_ID } = require('./support/appsscript');
const { makeRun } = require('./support/service');

const TABS = [
  ['Ventes', []], ['Dépenses marketing', []], ['Frais', []], ['Paramètres', [['clé', 'valeur'], ['tab.spend', 'Pub Meta']]],
  ['Pub Meta', []], ['Dashboard', []], ['Data issues', []],
];

function edited(env) {
  return env.triggers.filter((t) => t.info.type === 'clock').length;
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

test('edits of Spend, Costs and Settings under French names and renames arm the refresh', () => {
  for (const name of ['Dépenses marketing', 'frais', 'PARAMETRES', 'Pub Meta', 'Publicite', 'expenses']) {
    const env = loadAddon({ tabs: TABS });
    env.call('sheetsyncOnEdit', env.editEvent(name));
    assert.equal(edited(env), 1, name);
  }
});

test('edits of the owned tabs and of other input tabs are ignored', () => {
  // Even a Settings tab that (wrongly) renames Costs to an owned tab does not make it count.
  const tabs = TABS.concat([['Config', [['tab.costs', 'Dashboard'], ['tab.settings', 'Data issues']]]]);
  for (const name of ['Dashboard', 'Data issues', 'data issues', 'Ventes', 'Sales']) {
    const env = loadAddon({ tabs });
    env.call('sheetsyncOnEdit', env.editEvent(name));
    assert.equal(edited(env), 0, name);
    assert.equal(env.userProps.getProperty('sheetsync.pendingEdits'), null, name);
  }
});

test('a burst of edits costs one refresh, a minute after the last edit', () => {
  const env = loadAddon({ tabs: TABS, service: () => ({ status: 200, body: makeRun({ trigger: 'edit' }) }) });
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  env.clock.now += 20000;
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  env.clock.now += 20000;
  env.call('sheetsyncOnEdit', env.editEvent('Dépenses marketing'));
  assert.equal(edited(env), 1, 'one deferred trigger for the whole burst');

  env.clock.now += 20000; // t = 60 s: the first trigger fires, but the last edit was 20 s ago
  assert.equal(env.fireDueTriggers(), 1);
  assert.equal(env.requests.length, 0);
  assert.equal(edited(env), 1, 're-armed for the rest of the quiet minute');
  assert.equal(env.triggers[0].info.afterMs, 40000); // last edit at 40 s + 60 s - now 60 s

  env.clock.now += 40000; // t = 100 s: a minute after the last edit
  assert.equal(env.fireDueTriggers(), 1);
  assert.equal(env.requests.length, 1);
  assert.deepEqual(env.requests[0].json, { wait: true, trigger: 'edit' });
  assert.equal(env.triggers.length, 0, 'the fired trigger is deleted');
  assert.equal(env.userProps.getProperty('sheetsync.pendingEdits'), '{}');
  assert.equal(env.locks, 0, 'every lock taken was released');
});

test('an edit is not noted while another execution holds the lock', () => {
  const env = loadAddon({ tabs: TABS });
  env.lockBusy = true;
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  assert.equal(edited(env), 0);
  assert.ok(env.logs.some(([level]) => level === 'warn'));
});

test('the sidebar says a refresh waits for the quiet minute after edits', () => {
  const env = loadAddon({ tabs: TABS, service: () => ({ status: 200, body: { runs: [] } }) });
  env.call('sheetsyncOnEdit', env.editEvent('Frais'));
  assert.equal(env.call('sidebarState').pendingAfterEdits, true);
});
