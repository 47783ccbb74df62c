/**
 * The optional "refresh after edits" trigger.
 *
 * An installable on-edit trigger (sheetsyncOnEdit) tells the service about each edit of Spend,
 * Costs or Settings (their English and French names, as the data contract recognises them, or a
 * name given by a `tab.spend` / `tab.costs` / `tab.settings` row of the Settings tab) with
 * POST .../edited; the service refreshes the sheet once, a quiet minute after the last edit it
 * heard of (its `edit_quiet_seconds`), in its own database, whichever of its processes answers:
 * typing ten cells costs one refresh. Edits of the tabs sheetsync owns (Dashboard, Data issues)
 * are ignored.
 *
 * The add-on arms no time-based trigger: a published add-on may only create time-driven triggers
 * that fire at most once an hour, so a one-off `.after(60 s)` could be refused.
 *
 * Calls are throttled: after a call for a sheet, edits in the next EDIT_NOTIFY_EVERY_MS are not
 * sent. That never loses an edit: the refresh reads the sheet a minute after the last call,
 * later than any edit it did not hear of (EDIT_NOTIFY_EVERY_MS is well under that minute). The
 * last call per sheet, and when the service said the refresh is due, live in the user
 * properties of whoever installed the trigger (installable triggers always run as their
 * creator, whoever edits) as {spreadsheetId: {sent: millis, due: millis}}, which also lets the
 * sidebar say a refresh is on its way.
 */

// The service's default quiet minute; its answer (`due_at`) says the real one.
var EDIT_QUIET_MS = 60 * 1000;
var EDIT_NOTIFY_EVERY_MS = 15 * 1000;
var NOTED_EDITS_KEY = 'sheetsync.notedEdits';
var EDIT_HANDLER = 'sheetsyncOnEdit';
var LEGACY_DEFERRED_HANDLER = 'sheetsyncDeferredRefresh';
var WATCHED_TABS = {
  spend: ['Spend', 'Ads', 'Marketing', 'Dépenses marketing', 'Publicité'],
  costs: ['Costs', 'Expenses', 'Charges', 'Dépenses', 'Frais'],
  settings: ['Settings', 'Paramètres', 'Réglages', 'Config']
};

/** A tab or key name as the data contract compares them: no case, accents, spaces or _-.'’. */
function foldName_(text) {
  return String(text || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[\s_\-.'’\u200b\ufeff]/g, '');
}

/** Whether an edit of the tab named `name` should lead to a refresh. */
function isWatchedTab_(name, spreadsheet) {
  var folded = foldName_(name);
  if (folded === foldName_(DASHBOARD_TAB) || folded === foldName_(ISSUES_TAB)) {
    return false;
  }
  var known = [];
  Object.keys(WATCHED_TABS).forEach(function (role) {
    known = known.concat(WATCHED_TABS[role].map(foldName_));
  });
  if (known.indexOf(folded) >= 0) {
    return true;
  }
  return renamedTabs_(spreadsheet).indexOf(folded) >= 0;
}

/** The folded names that the Settings tab gives to Spend, Costs or Settings (`tab.spend = Pub`). */
function renamedTabs_(spreadsheet) {
  var settingsNames = WATCHED_TABS.settings.map(foldName_);
  var keys = ['tabspend', 'tabcosts', 'tabsettings'];
  var names = [];
  spreadsheet.getSheets().forEach(function (sheet) {
    if (settingsNames.indexOf(foldName_(sheet.getName())) < 0) {
      return;
    }
    sheet.getDataRange().getValues().forEach(function (row) {
      if (keys.indexOf(foldName_(row[0])) >= 0 && String(row[1] || '').trim()) {
        names.push(foldName_(row[1]));
      }
    });
  });
  return names;
}

/** Whether this user has the edit trigger installed on this sheet. */
function editTriggerEnabled_(spreadsheet) {
  try {
    return ScriptApp.getUserTriggers(spreadsheet).some(function (trigger) {
      return trigger.getHandlerFunction() === EDIT_HANDLER;
    });
  } catch (err) {
    return false;
  }
}

/** Sidebar: install or remove the edit trigger on this sheet, for this user. */
function setEditTrigger(enabled) {
  var spreadsheet = SpreadsheetApp.getActive();
  var lang = currentLanguage_();
  try {
    ScriptApp.getUserTriggers(spreadsheet).forEach(function (trigger) {
      if (trigger.getHandlerFunction() === EDIT_HANDLER) {
        ScriptApp.deleteTrigger(trigger);
      }
    });
    if (enabled) {
      ScriptApp.newTrigger(EDIT_HANDLER).forSpreadsheet(spreadsheet).onEdit().create();
    }
  } catch (err) {
    console.error('sheetsync: edit trigger change failed: ' + err);
    return { ok: false, enabled: editTriggerEnabled_(spreadsheet),
      message: t_(lang, 'edit_trigger_failed', { reason: String(err.message || err) }) };
  }
  return { ok: true, enabled: Boolean(enabled), message: t_(lang, enabled ? 'edit_trigger_on' : 'edit_trigger_off') };
}

/** The edits told to the service, {spreadsheetId: {sent: millis, due: millis}}. */
function readNotedEdits_(props) {
  try {
    var noted = JSON.parse(props.getProperty(NOTED_EDITS_KEY) || '{}');
    return noted && typeof noted === 'object' ? noted : {};
  } catch (err) {
    return {};
  }
}

/** Whether the service said a refresh after edits of this sheet is still to come. */
function refreshPendingAfterEdits_(spreadsheetId) {
  var noted = readNotedEdits_(PropertiesService.getUserProperties())[spreadsheetId];
  return Boolean(noted && noted.due > Date.now());
}

/** Keeps the last call per sheet, dropping sheets whose refresh is long past. */
function saveNotedEdit_(props, spreadsheetId, sent, due) {
  var noted = readNotedEdits_(props);
  Object.keys(noted).forEach(function (id) {
    if (!(noted[id] && noted[id].due > sent - 3600 * 1000)) {
      delete noted[id];
    }
  });
  noted[spreadsheetId] = { sent: sent, due: due };
  props.setProperty(NOTED_EDITS_KEY, JSON.stringify(noted));
}

/** Installable on-edit handler: tell the service an input tab was edited (throttled). */
function sheetsyncOnEdit(e) {
  if (!e || !e.range) {
    return;
  }
  var spreadsheet = e.source || SpreadsheetApp.getActive();
  if (!isWatchedTab_(e.range.getSheet().getName(), spreadsheet)) {
    return;
  }
  var id = spreadsheet.getId();
  var props = PropertiesService.getUserProperties();
  var now = Date.now();
  var last = readNotedEdits_(props)[id];
  if (last && now - last.sent < EDIT_NOTIFY_EVERY_MS && last.due > now) {
    return; // the refresh the service has planned reads the sheet after this edit
  }
  var response = callService_('POST', sheetPath_(id, '/edited'), undefined, id);
  var body = response.body || {};
  if (response.status !== 202) {
    // No one is looking at a toast here: the reason goes to the execution log.
    var outcome = outcomeOf_('en', response);
    console.warn('sheetsync: edit of ' + id + ' not noted: ' + outcome.message);
    return;
  }
  var due = Date.parse(body.due_at);
  saveNotedEdit_(props, id, now, isNaN(due) ? now + EDIT_QUIET_MS : due);
}

/**
 * The handler of the one-off trigger that earlier versions armed after edits: it only deletes
 * that trigger and the state it kept (the service does the waiting now).
 */
function sheetsyncDeferredRefresh(e) {
  var firedUid = e && e.triggerUid ? String(e.triggerUid) : null;
  ScriptApp.getProjectTriggers().forEach(function (trigger) {
    if (trigger.getHandlerFunction() === LEGACY_DEFERRED_HANDLER || trigger.getUniqueId() === firedUid) {
      ScriptApp.deleteTrigger(trigger);
    }
  });
  var props = PropertiesService.getUserProperties();
  props.deleteProperty('sheetsync.pendingEdits');
  props.deleteProperty('sheetsync.deferredTrigger');
}
