'use strict';
/**
 * The sidebar in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core),
 * with google.script.run bridged to the add-on's .gs code running in Node (support/appsscript.js):
 * a click in the page runs the real server function against the stubbed service.
 */
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');
const { ADDON_DIR } = require('./appsscript');

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts Chromium; fails with the way to install it when it is missing. */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(CHROMIUM + ' is missing: run `bash addon/run-tests.sh`, which installs Debian\'s chromium');
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Installed in the page before its scripts: google.script.run as Apps Script shapes it. */
function installBridge() {
  window.__calls = [];
  function runner(success, failure) {
    return new Proxy({}, {
      get(target, name) {
        if (name === 'withSuccessHandler') { return (fn) => runner(fn, failure); }
        if (name === 'withFailureHandler') { return (fn) => runner(success, fn); }
        return (...args) => {
          window.__calls.push([name, args]);
          window.__gas(String(name), JSON.stringify(args)).then(
            (json) => { if (success) { success(JSON.parse(json)); } },
            (err) => { if (failure) { failure(new Error(String(err && err.message || err))); } });
        };
      },
    });
  }
  window.google = { script: { run: runner(null, null), host: { close() { window.__closed = true; } } } };
}

/** Opens an add-on HTML file (Sidebar or Settings), bridged to `env`; options: width, locale. */
async function openPage(browser, env, file, options) {
  const opts = Object.assign({ width: 300, locale: 'en-US' }, options);
  // The browser's own locale drives native widgets (the time input), as a person's browser would.
  const context = await browser.newContext({ viewport: { width: opts.width, height: 900 }, deviceScaleFactor: 1, locale: opts.locale });
  const page = await context.newPage();
  page.on('pageerror', (err) => { page.__errors = (page.__errors || []).concat(String(err)); });
  await page.exposeFunction('__gas', (name, argsJson) => {
    const result = env.call(name, ...JSON.parse(argsJson));
    return JSON.stringify(result === undefined ? null : result);
  });
  await page.addInitScript(installBridge);
  await page.goto(pathToFileURL(path.join(ADDON_DIR, file + '.html')).href);
  return page;
}

/**
 * Text whose contrast against its effective background is under 4.5:1, as [text, ratio].
 * Runs in the page: walks every visible element with its own text.
 */
function lowContrast() {
  function rgba(text) {
    const m = /rgba?\(([^)]+)\)/.exec(text);
    const parts = m ? m[1].split(',').map(Number) : [0, 0, 0, 0];
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }
  function luminance(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function background(el) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg.a > 0) { return bg; }
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  }
  const bad = [];
  document.querySelectorAll('body *').forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || !el.getClientRects().length || style.visibility === 'hidden' || el.closest('.sr-only')) { return; }
    if (el.disabled || el.closest('[disabled]')) { return; } // WCAG exempts inactive controls
    const fg = rgba(style.color);
    const [l1, l2] = [luminance(fg), luminance(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < 4.5) { bad.push([el.textContent.trim().slice(0, 40), Math.round(ratio * 100) / 100]); }
  });
  return bad;
}

/** Form controls without an accessible name (label, aria-label or own text), as their ids. */
function unlabelled() {
  return Array.from(document.querySelectorAll('input, select, textarea, button'))
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
      && !el.getAttribute('aria-labelledby') && !el.textContent.trim())
    .map((el) => el.id || el.outerHTML.slice(0, 60));
}

module.exports = { launch, openPage, lowContrast, unlabelled };
