'use strict';
// Settings.html in headless Chromium, bridged to saveSettings / settingsState in the .gs code.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('./support/appsscript');
const { launch, openPage, lowContrast, unlabelled } = require('./support/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) { await browser.close(); } });

test('the dialog stores the settings in script properties and closes', async () => {
  const env = loadAddon({ scriptProperties: {} });
  const page = await openPage(browser, env, 'Settings', { width: 420 });
  await page.waitForFunction(() => window.__calls.length === 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'serviceUrl');
  await page.fill('#serviceUrl', 'http://sheetsync.example.com');
  await page.click('#save');
  await page.waitForFunction(() => document.getElementById('status').className === 'error');
  assert.equal(await page.getAttribute('#serviceUrl', 'aria-invalid'), 'true');

  await page.fill('#serviceUrl', 'https://sheetsync.example.com/');
  await page.selectOption('#authMode', 'hmac');
  assert.equal(await page.isVisible('#hmacSecret'), true);
  await page.fill('#hmacSecret', 'correct horse');
  await page.fill('#clientId', '123-abc.apps.googleusercontent.com');
  await page.click('#save');
  await page.waitForFunction(() => window.__closed === true);
  assert.deepEqual(env.scriptProps.getProperties(), {
    SERVICE_URL: 'https://sheetsync.example.com', CLIENT_ID: '123-abc.apps.googleusercontent.com',
    AUTH_MODE: 'hmac', HMAC_SECRET: 'correct horse',
  });
  assert.deepEqual(await page.evaluate(unlabelled), []);
  assert.deepEqual(await page.evaluate(lowContrast), []);
});

test('a locked, French dialog shows the values, never the secret, and cannot save', async () => {
  const env = loadAddon({
    locale: 'fr_FR',
    scriptProperties: { SERVICE_URL: 'https://s.example.com', AUTH_MODE: 'hmac', HMAC_SECRET: 'S3cr3t-value', SETTINGS_LOCKED: 'true' },
  });
  const page = await openPage(browser, env, 'Settings', { width: 420 });
  await page.waitForSelector('#locked:not([hidden])');
  assert.equal(await page.textContent('label[for=serviceUrl]'), 'URL du service');
  assert.equal(await page.inputValue('#serviceUrl'), 'https://s.example.com');
  assert.equal(await page.inputValue('#hmacSecret'), '');
  assert.equal(await page.isDisabled('#save'), true);
  assert.doesNotMatch(await page.content(), /S3cr3t-value/);
});
