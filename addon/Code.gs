/**
 * sheetsync add-on: the menu, what each item does, and the functions the sidebar and the
 * Settings dialog call through google.script.run (each returns a plain object).
 *
 * Service calls are in Service.gs, texts in Messages.gs, the optional edit trigger in
 * EditTrigger.gs; Apps Script shares one global scope across those files.
 */

var DASHBOARD_TAB = 'Dashboard';
var ISSUES_TAB = 'Data issues';
var SIDEBAR_FOCUS_KEY = 'sheetsync.sidebarFocus';

/** Adds the menu when the add-on is installed from the Marketplace. */
function onInstall(e) {
  onOpen(e);
}

/** Adds the sheetsync menu under Extensions. */
function onOpen(e) {
  var lang = menuLanguage_(e);
  SpreadsheetApp.getUi().createAddonMenu()
    .addItem(t_(lang, 'menu_refresh'), 'menuRefresh')
    .addItem(t_(lang, 'menu_setup'), 'menuSetUpTabs')
    .addItem(t_(lang, 'menu_schedule'), 'menuSchedule')
    .addSeparator()
    .addItem(t_(lang, 'menu_sidebar'), 'menuOpenSidebar')
    .addItem(t_(lang, 'menu_settings'), 'menuSettings')
    .addToUi();
}

/**
 * The menu's language. Before the add-on is enabled in a document (AuthMode.NONE) the sheet
 * cannot be read, so the user's own locale stands in.
 */
function menuLanguage_(e) {
  try {
    if (e && e.authMode === ScriptApp.AuthMode.NONE) {
      return languageOf_(Session.getActiveUserLocale());
    }
    return currentLanguage_();
  } catch (err) {
    return 'en';
  }
}

/** The language of the active sheet (its locale). */
function currentLanguage_() {
  return languageOf_(SpreadsheetApp.getActive().getSpreadsheetLocale());
}

/** Shows an outcome as a toast: its title, and its message (with the hint when there is one). */
function toastOutcome_(spreadsheet, outcome) {
  var text = outcome.message + (outcome.hint ? ' ' + outcome.hint : '');
  spreadsheet.toast(text, outcome.title, outcome.ok ? 10 : 20);
}

/** Menu: Refresh dashboard. Waits for the result (polling after a 202) and toasts it. */
function menuRefresh() {
  var spreadsheet = SpreadsheetApp.getActive();
  var lang = currentLanguage_();
  try {
    spreadsheet.toast(t_(lang, 'refreshing'), 'sheetsync', 60);
    var outcome = refreshSpreadsheet_(lang, spreadsheet.getId(), 'manual', true, function (first) {
      spreadsheet.toast(first.message, first.title, 60);
    });
    toastOutcome_(spreadsheet, outcome);
  } catch (err) {
    console.error('sheetsync: refresh failed in the add-on: ' + err);
    spreadsheet.toast(t_(lang, 'unexpected'), t_(lang, 'failed_title'), 20);
  }
}

/** Menu: Set up tabs. Asks the service to add the template tabs the sheet lacks. */
function menuSetUpTabs() {
  var spreadsheet = SpreadsheetApp.getActive();
  var lang = currentLanguage_();
  var id = spreadsheet.getId();
  var outcome = outcomeOf_(lang, callService_('POST', sheetPath_(id, '/setup'), { language: lang }, id));
  if (outcome.ok) {
    var added = (outcome.body && outcome.body.added) || [];
    outcome.title = t_(lang, 'setup_title');
    outcome.message = added.length
      ? t_(lang, 'setup_added', { tabs: added.join(', ') })
      : t_(lang, 'setup_none');
  }
  toastOutcome_(spreadsheet, outcome);
  return outcome;
}

/** Menu: Schedule…. Opens the sidebar with the schedule control focused. */
function menuSchedule() {
  PropertiesService.getUserProperties().setProperty(SIDEBAR_FOCUS_KEY, 'schedule');
  menuOpenSidebar();
}

/** Menu: Open sidebar. */
function menuOpenSidebar() {
  var html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(t_(currentLanguage_(), 'sidebar_title'));
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Menu: Settings…. The dialog for the service URL, client id and credentials. */
function menuSettings() {
  var html = HtmlService.createHtmlOutputFromFile('Settings').setWidth(420).setHeight(520);
  SpreadsheetApp.getUi().showModalDialog(html, t_(currentLanguage_(), 'settings_title'));
}

/**
 * Everything the sidebar shows, in one call: the last runs, the schedule, the service account
 * (fetched together with UrlFetchApp.fetchAll), and what the sheet itself says.
 */
function sidebarState() {
  var spreadsheet = SpreadsheetApp.getActive();
  var lang = currentLanguage_();
  var id = spreadsheet.getId();
  var userProps = PropertiesService.getUserProperties();
  var focus = userProps.getProperty(SIDEBAR_FOCUS_KEY);
  if (focus) {
    userProps.deleteProperty(SIDEBAR_FOCUS_KEY);
  }
  var state = {
    language: lang,
    locale: String(spreadsheet.getSpreadsheetLocale() || 'en_US').replace('_', '-'),
    timeZone: spreadsheet.getSpreadsheetTimeZone(),
    spreadsheetId: id,
    configured: Boolean(serviceConfig_().url),
    focus: focus || null,
    issuesTab: issuesTabInfo_(spreadsheet),
    editTrigger: editTriggerEnabled_(spreadsheet),
    pendingAfterEdits: refreshPendingAfterEdits_(id),
    lastRun: null,
    lastSuccess: null,
    schedule: null,
    serviceAccount: null,
    sources: null,
    error: null
  };
  var responses = callServiceAll_([
    sheetPath_(id, '/runs?limit=10'),
    sheetPath_(id, '/schedule'),
    '/v1/service-account',
    sheetPath_(id, '/kpis')
  ], id);
  var runs = outcomeOf_(lang, responses[0]);
  if (runs.ok) {
    var list = (runs.body && runs.body.runs) || [];
    state.lastRun = list[0] || null;
    state.lastSuccess = list.filter(function (run) { return run.status === 'succeeded'; })[0] || null;
  } else {
    state.error = { title: runs.title, message: runs.message, hint: runs.hint || '' };
  }
  var schedule = outcomeOf_(lang, responses[1]);
  state.schedule = schedule.ok ? schedule.body : null;
  var account = outcomeOf_(lang, responses[2]);
  state.serviceAccount = account.ok && account.body ? account.body.email || null : null;
  state.sources = tabsRead_(responses[3]);
  return state;
}

/** What each tab was read as at the last successful refresh (the KPI document's `sources`). */
function tabsRead_(response) {
  var body = response && response.status === 200 ? response.body || {} : {};
  if (!body.sources || !body.sources.length) {
    return null;
  }
  return body.sources.filter(function (s) { return s.kind !== 'Settings'; }).map(function (s) {
    return {
      title: s.title, kind: s.kind || null, export: s.export || null,
      counted: s.rows ? s.rows.counted : null, leftOut: s.rows ? s.rows.left_out : 0,
      ignored: (s.columns_ignored || []).length
    };
  });
}

/** Where the Data issues tab is, for the sidebar's link. */
function issuesTabInfo_(spreadsheet) {
  var sheet = spreadsheet.getSheetByName(ISSUES_TAB);
  if (!sheet) {
    return { exists: false, url: null };
  }
  return { exists: true, url: spreadsheet.getUrl() + '#gid=' + sheet.getSheetId() };
}

/** Sidebar: refresh without polling here; the sidebar polls runStatus itself after a 202. */
function refreshNow() {
  var spreadsheet = SpreadsheetApp.getActive();
  var lang = currentLanguage_();
  var outcome = refreshSpreadsheet_(lang, spreadsheet.getId(), 'manual', false);
  if (!outcome.pending) {
    toastOutcome_(spreadsheet, outcome);
  }
  return outcome;
}

/** Sidebar: one run's outcome, for polling after a 202; toasts the result once it ends. */
function runStatus(runId) {
  var spreadsheet = SpreadsheetApp.getActive();
  var lang = currentLanguage_();
  var outcome = runStatusOutcome_(lang, spreadsheet.getId(), String(runId));
  if (!outcome.pending) {
    toastOutcome_(spreadsheet, outcome);
  }
  return outcome;
}

/**
 * Sidebar: set the service's schedule for this sheet.
 *
 * frequency is "off", "hourly" or "daily"; time ("HH:MM", sheet time zone) only for daily.
 * The service records who saves it, and e-mails them (in the sheet's language, sent along)
 * when a scheduled refresh fails.
 */
function saveSchedule(frequency, time) {
  var lang = currentLanguage_();
  var id = SpreadsheetApp.getActive().getId();
  var path = sheetPath_(id, '/schedule');
  var outcome;
  if (frequency === 'off') {
    outcome = outcomeOf_(lang, callService_('DELETE', path, undefined, id));
    if (outcome.ok) {
      outcome.schedule = { frequency: 'off', time: null, next_run_at: null };
      outcome.message = t_(lang, 'schedule_off');
    }
    return outcome;
  }
  var body;
  if (frequency === 'hourly') {
    body = { frequency: 'hourly' };
  } else if (frequency === 'daily') {
    var match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(time || '').trim());
    if (!match) {
      return { ok: false, status: 0, code: 'bad_time', message: t_(lang, 'schedule_bad_time') };
    }
    body = { frequency: 'daily', time: ('0' + match[1]).slice(-2) + ':' + match[2] };
  } else {
    return { ok: false, status: 0, code: 'bad_frequency', message: t_(lang, 'schedule_bad_frequency') };
  }
  body.language = lang; // the e-mails about failed scheduled refreshes are written in it
  outcome = outcomeOf_(lang, callService_('PUT', path, body, id));
  if (outcome.ok) {
    outcome.schedule = outcome.body;
    outcome.message = t_(lang, 'schedule_saved');
  }
  return outcome;
}

/** Sidebar: the Data issues link activates that tab in the sheet. */
function showIssuesTab() {
  var spreadsheet = SpreadsheetApp.getActive();
  var sheet = spreadsheet.getSheetByName(ISSUES_TAB);
  if (!sheet) {
    return { ok: false, message: t_(currentLanguage_(), 'no_issues_tab') };
  }
  spreadsheet.setActiveSheet(sheet);
  return { ok: true };
}

/** Settings dialog: the current settings; the shared secret is never sent back, only whether it is set. */
function settingsState() {
  var config = serviceConfig_();
  return {
    language: currentLanguage_(),
    serviceUrl: config.url,
    clientId: config.clientId,
    authMode: config.authMode,
    hmacSecretSet: Boolean(config.hmacSecret),
    locked: config.locked
  };
}

/**
 * Settings dialog: validate and store the settings in the script properties.
 *
 * `form` is {serviceUrl, clientId, authMode, hmacSecret}; an empty hmacSecret keeps the stored one.
 */
function saveSettings(form) {
  var lang = currentLanguage_();
  var config = serviceConfig_();
  if (config.locked) {
    return { ok: false, message: t_(lang, 'settings_locked') };
  }
  var url = String(form.serviceUrl || '').trim().replace(/\/+$/, '');
  var loopback = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url);
  if (!/^https:\/\/[^\s/]+/.test(url) && !loopback) {
    return { ok: false, field: 'serviceUrl', message: t_(lang, 'settings_bad_url') };
  }
  var mode = String(form.authMode || 'oauth');
  if (AUTH_MODES.indexOf(mode) < 0) {
    return { ok: false, field: 'authMode', message: t_(lang, 'settings_bad_auth') };
  }
  var secret = String(form.hmacSecret || '');
  if (mode === 'hmac' && !secret && !config.hmacSecret) {
    return { ok: false, field: 'hmacSecret', message: t_(lang, 'settings_no_secret') };
  }
  var props = PropertiesService.getScriptProperties();
  var values = { SERVICE_URL: url, CLIENT_ID: String(form.clientId || '').trim(), AUTH_MODE: mode };
  if (secret) {
    values.HMAC_SECRET = secret;
  }
  props.setProperties(values);
  return { ok: true, message: t_(lang, 'settings_saved') };
}
