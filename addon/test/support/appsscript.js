'use strict';
/**
 * Stubs of the Apps Script services the add-on uses, and a loader that runs the add-on's .gs
 * files in a fresh `vm` context with them, as Apps Script runs them in one global scope.
 *
 * Every stub records what the add-on did (toasts, requests, menus, triggers, properties) so a
 * test asserts on behaviour. Time is a fake clock: `Date.now()` inside the context reads it and
 * `Utilities.sleep(ms)` advances it, so polling and debouncing run instantly and exactly.
 * The service is whatever `env.service(request)` answers: {status, body, headers}, or a throw
 * for a network failure.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');

const ADDON_DIR = path.resolve(__dirname, '..', '..');
const SPREADSHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_xyz';

/** A PropertiesService store. */
function makeProperties(initial) {
  const values = new Map(Object.entries(initial || {}));
  return {
    values,
    getProperty: (key) => (values.has(key) ? values.get(key) : null),
    setProperty(key, value) { values.set(key, String(value)); return this; },
    setProperties(obj) { Object.entries(obj).forEach(([k, v]) => values.set(k, String(v))); return this; },
    getProperties: () => Object.fromEntries(values),
    deleteProperty(key) { values.delete(key); return this; },
  };
}

/** A tab: its name, id and cell values. */
function makeSheet(name, sheetId, rows) {
  return {
    getName: () => name,
    getSheetId: () => sheetId,
    getDataRange: () => ({ getValues: () => (rows || [[]]).map((row) => row.slice()) }),
  };
}

/** A UrlFetchApp HTTPResponse. */
function makeResponse(answer) {
  const status = answer.status;
  const text = answer.text !== undefined ? answer.text
    : answer.body === undefined || answer.body === null ? '' : JSON.stringify(answer.body);
  return {
    getResponseCode: () => status,
    getContentText: () => text,
    getHeaders: () => Object.assign({}, answer.headers || {}),
  };
}

/**
 * A fresh Apps Script world with the add-on loaded.
 *
 * options: locale ("en_US"), tabs ([[name, rows]]), scriptProperties, service (function),
 * identityToken, userEmail, userLocale, now (millis), realTime (true: the real clock, and
 * Utilities.sleep really sleeps, for the end-to-end test against a real service).
 */
function loadAddon(options) {
  const opts = Object.assign({
    locale: 'en_US',
    timeZone: 'Europe/Paris',
    tabs: [['Sales', []], ['Spend', []], ['Dashboard', []], ['Data issues', []]],
    scriptProperties: { SERVICE_URL: 'https://sheetsync.example.com' },
    userEmail: 'owner@example.com',
    userLocale: 'en',
    now: Date.UTC(2025, 11, 1, 9, 0, 0),
  }, options || {});

  const env = {
    clock: { now: opts.now },
    toasts: [],
    requests: [],
    menu: null,
    sidebars: [],
    dialogs: [],
    sleeps: [],
    logs: [],
    triggers: [],
    activeSheet: null,
    lockBusy: false,
    locks: 0,
    service: opts.service || (() => ({ status: 500, body: null })),
    scriptProps: makeProperties(opts.scriptProperties),
    userProps: makeProperties(),
    docProps: makeProperties(),
  };
  let nextTriggerId = 1;
  const sheets = opts.tabs.map(([name, rows], i) => makeSheet(name, 100 + i, rows));

  const spreadsheet = {
    getId: () => opts.spreadsheetId || SPREADSHEET_ID,
    getSpreadsheetLocale: () => opts.locale,
    getSpreadsheetTimeZone: () => opts.timeZone,
    getUrl: () => 'https://docs.google.com/spreadsheets/d/' + spreadsheet.getId() + '/edit',
    toast: (message, title, timeout) => env.toasts.push({ message, title, timeout }),
    getSheets: () => sheets.slice(),
    getSheetByName: (name) => sheets.find((s) => s.getName() === name) || null,
    setActiveSheet: (sheet) => { env.activeSheet = sheet.getName(); return sheet; },
  };
  env.spreadsheet = spreadsheet;
  env.sheet = (name) => spreadsheet.getSheetByName(name);

  function menuBuilder() {
    const items = [];
    const builder = {
      addItem(caption, fn) { items.push({ caption, fn }); return builder; },
      addSeparator() { items.push({ separator: true }); return builder; },
      addToUi() { env.menu = items; },
    };
    return builder;
  }

  function send(request) {
    const method = String(request.method || 'get').toUpperCase();
    const record = {
      url: request.url, method, headers: Object.assign({}, request.headers || {}),
      payload: request.payload === undefined ? null : request.payload,
      contentType: request.contentType, muteHttpExceptions: request.muteHttpExceptions,
      json: request.payload ? JSON.parse(request.payload) : null,
    };
    env.requests.push(record);
    return makeResponse(env.service(record, env));
  }

  function triggerBuilder(handler) {
    const trigger = { uid: String(nextTriggerId++), handler };
    const create = () => {
      const made = {
        getUniqueId: () => trigger.uid,
        getHandlerFunction: () => trigger.handler,
        info: trigger,
      };
      env.triggers.push(made);
      return made;
    };
    return {
      forSpreadsheet(ss) {
        trigger.spreadsheetId = ss.getId();
        return { onEdit() { trigger.type = 'edit'; return { create }; } };
      },
      timeBased() {
        return {
          after(ms) { trigger.type = 'clock'; trigger.fireAt = env.clock.now + ms; trigger.afterMs = ms; return { create }; },
        };
      },
    };
  }

  const lock = {
    tryLock: () => { if (env.lockBusy) { return false; } env.locks += 1; return true; },
    waitLock: () => { if (env.lockBusy) { throw new Error('Lock timeout'); } env.locks += 1; },
    releaseLock: () => { env.locks -= 1; },
  };

  const globals = {
    SpreadsheetApp: {
      getActive: () => spreadsheet,
      getActiveSpreadsheet: () => spreadsheet,
      getUi: () => ({
        createAddonMenu: menuBuilder,
        showSidebar: (html) => env.sidebars.push(html),
        showModalDialog: (html, title) => env.dialogs.push({ html, title }),
      }),
    },
    UrlFetchApp: {
      fetch: (url, params) => send(Object.assign({}, params, { url })),
      fetchAll: (requests) => requests.map(send),
    },
    ScriptApp: {
      AuthMode: { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL' },
      getOAuthToken: () => 'ya29.user-access-token',
      getIdentityToken: () => opts.identityToken || 'header.e30.signature',
      newTrigger: triggerBuilder,
      getProjectTriggers: () => env.triggers.slice(),
      getUserTriggers: (ss) => env.triggers.filter((t) => t.info.spreadsheetId === ss.getId()),
      deleteTrigger: (trigger) => {
        env.triggers = env.triggers.filter((t) => t.getUniqueId() !== trigger.getUniqueId());
      },
    },
    PropertiesService: {
      getScriptProperties: () => env.scriptProps,
      getUserProperties: () => env.userProps,
      getDocumentProperties: () => env.docProps,
    },
    HtmlService: {
      createHtmlOutputFromFile: (name) => {
        const html = {
          file: name, title: null, width: null, height: null,
          setTitle(title) { html.title = title; return html; },
          setWidth(w) { html.width = w; return html; },
          setHeight(h) { html.height = h; return html; },
        };
        return html;
      },
    },
    LockService: { getUserLock: () => lock, getDocumentLock: () => lock, getScriptLock: () => lock },
    Session: {
      getActiveUser: () => ({ getEmail: () => opts.userEmail }),
      getEffectiveUser: () => ({ getEmail: () => opts.userEmail }),
      getActiveUserLocale: () => opts.userLocale,
    },
    Utilities: {
      Charset: { UTF_8: 'UTF_8' },
      getUuid: () => crypto.randomUUID(),
      sleep: (ms) => {
        env.sleeps.push(ms);
        if (opts.realTime) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
        } else {
          env.clock.now += ms;
        }
      },
      computeHmacSha256Signature: (value, key) => Array.from(
        crypto.createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(value, 'utf8')).digest(),
        (b) => (b > 127 ? b - 256 : b)),
      base64DecodeWebSafe: (text) => Array.from(Buffer.from(text, 'base64url'), (b) => (b > 127 ? b - 256 : b)),
      newBlob: (bytes) => ({ getDataAsString: () => Buffer.from(bytes.map((b) => (b < 0 ? b + 256 : b))).toString('utf8') }),
    },
    console: {
      log: (...a) => env.logs.push(['log', a.join(' ')]),
      warn: (...a) => env.logs.push(['warn', a.join(' ')]),
      error: (...a) => env.logs.push(['error', a.join(' ')]),
    },
    __clock: env.clock,
  };

  const context = vm.createContext(globals);
  if (!opts.realTime) {
    vm.runInContext('Date.now = function () { return __clock.now; };', context);
  }
  for (const file of gsFiles()) {
    vm.runInContext(fs.readFileSync(path.join(ADDON_DIR, file), 'utf8'), context, { filename: file });
  }
  env.context = context;
  /** Calls a global function of the add-on; arguments and result cross the realm as JSON. */
  env.call = (name, ...args) => {
    if (typeof context[name] !== 'function') {
      throw new Error('The add-on has no function ' + name);
    }
    const result = context[name](...args);
    return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  };
  /** A global value of the add-on (var or const). */
  env.value = (name) => vm.runInContext(name, context);
  /** Fires the due time-based triggers, as Apps Script would once the clock passes them. */
  env.fireDueTriggers = () => {
    const due = env.triggers.filter((t) => t.info.type === 'clock' && t.info.fireAt <= env.clock.now);
    due.forEach((t) => env.call(t.info.handler, { triggerUid: t.getUniqueId() }));
    return due.length;
  };
  /** An edit event of one cell of the tab `name`. */
  env.editEvent = (name) => ({
    source: spreadsheet,
    range: { getSheet: () => spreadsheet.getSheetByName(name) || makeSheet(name, 999, []) },
  });
  return env;
}

/**
 * A service answer from a real HTTP request (support/sync-http.js in a child process), so that
 * UrlFetchApp stays synchronous as in Apps Script. A connection failure throws, as UrlFetchApp does.
 */
function realHttp(request) {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'sync-http.js')], {
    // UrlFetchApp turns `contentType` into the Content-Type header.
    input: JSON.stringify({
      url: request.url, method: request.method, payload: request.payload,
      headers: Object.assign({}, request.headers, request.contentType ? { 'Content-Type': request.contentType } : {}),
    }),
    timeout: 70000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return JSON.parse(out.toString('utf8'));
}

/** The add-on's script files, as clasp pushes them. */
function gsFiles() {
  return fs.readdirSync(ADDON_DIR).filter((f) => f.endsWith('.gs')).sort();
}

module.exports = { loadAddon, makeResponse, realHttp, SPREADSHEET_ID, ADDON_DIR };
