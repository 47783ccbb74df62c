'use strict';
// Every error status of the service becomes a toast with the service's own message.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('./support/appsscript');
const { errorAnswer } = require('./support/service');

const CASES = [
  [400, 'bad_request', 'The request body is not valid JSON.', 'Request refused'],
  [401, 'unauthenticated', 'Your Google sign-in has expired: reload the sheet.', 'Sign-in needed'],
  [403, 'forbidden', 'Share this sheet with sheetsync@shop.iam.gserviceaccount.com (editor).', 'No access to this sheet'],
  [404, 'sheet_not_found', 'No spreadsheet with this id.', 'Sheet not found'],
  [409, 'refresh_running', 'A refresh of this sheet started 12 s ago.', 'Already refreshing'],
  [422, 'missing_column', 'The Sales tab has no amount column: add one named Amount or Montant.', 'Data to fix'],
  [429, 'quota_exhausted', 'Google’s per-minute quota is used up.', 'Google quota reached'],
  [502, 'google_failed', 'Google Sheets answered 503 three times.', 'Google is failing'],
  [504, 'google_timeout', 'Google Sheets did not answer within 60 s.', 'Google is too slow'],
];

for (const [status, code, message, title] of CASES) {
  test(`a ${status} from the service toasts its message under "${title}"`, () => {
    const env = loadAddon({ service: () => errorAnswer(status, code, message) });
    env.call('menuRefresh');
    const last = env.toasts.at(-1);
    assert.equal(last.title, title);
    assert.equal(last.message, message);
    assert.equal(last.timeout, 20);
  });
}

test('a French sheet gets French titles around the service message', () => {
  const env = loadAddon({ locale: 'fr_CA', service: () => errorAnswer(403, 'forbidden', 'Partagez la feuille.') });
  env.call('menuRefresh');
  assert.deepEqual(env.toasts.at(-1), { title: 'Pas d’accès à cette feuille', message: 'Partagez la feuille.', timeout: 20 });
});

test('the hint follows the message when the service gives one', () => {
  const env = loadAddon({
    service: () => errorAnswer(422, 'missing_tab', 'No Sales tab.', { hint: 'Use Set up tabs to add it.' }),
  });
  env.call('menuRefresh');
  assert.equal(env.toasts.at(-1).message, 'No Sales tab. Use Set up tabs to add it.');
});

test('a 429 says when to try again from Retry-After', () => {
  const env = loadAddon({
    service: () => errorAnswer(429, 'quota_exhausted', 'Google’s quota is used up.', { headers: { 'Retry-After': '30' } }),
  });
  env.call('menuRefresh');
  assert.equal(env.toasts.at(-1).message, 'Google’s quota is used up. Try again in 30 s.');
});

test('a body that is not the service JSON is never shown: a sentence by status stands in', () => {
  const stack = '<html><body>Traceback (most recent call last): File "app.py"</body></html>';
  const env = loadAddon({ service: () => ({ status: 502, text: stack }) });
  env.call('menuRefresh');
  const last = env.toasts.at(-1);
  assert.equal(last.message, 'Google Sheets is failing right now.');
  assert.doesNotMatch(JSON.stringify(env.toasts), /Traceback|html/);
});

test('an unexpected 500 gets the service-error sentence', () => {
  const env = loadAddon({ service: () => ({ status: 500, text: '' }) });
  env.call('menuRefresh');
  assert.deepEqual(env.toasts.at(-1), { title: 'Service error', message: 'The sheetsync service failed.', timeout: 20 });
});

test('a network failure says the service cannot be reached and logs the cause', () => {
  const env = loadAddon({ service: () => { throw new Error('DNS error: sheetsync.example.com'); } });
  env.call('menuRefresh');
  assert.equal(env.toasts.at(-1).message, 'The sheetsync service cannot be reached. Try again in a minute.');
  assert.ok(env.logs.some(([level, text]) => level === 'error' && text.includes('DNS error')));
});

test('without a service URL nothing is sent and the toast says where to set it', () => {
  const env = loadAddon({ scriptProperties: {} });
  env.call('menuRefresh');
  assert.equal(env.requests.length, 0);
  assert.deepEqual(env.toasts.at(-1), {
    title: 'sheetsync is not set up',
    message: 'Open Extensions → sheetsync → Settings… and enter the service URL.',
    timeout: 20,
  });
});

test('a spreadsheet id outside [A-Za-z0-9_-]{20,100} is never sent', () => {
  const env = loadAddon({ spreadsheetId: '../../etc/passwd' });
  env.call('menuRefresh');
  assert.equal(env.requests.length, 0);
  assert.equal(env.toasts.at(-1).message, 'This spreadsheet id cannot be sent to the service.');
});
