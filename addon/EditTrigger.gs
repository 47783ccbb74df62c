/**
 * The optional "refresh after edits" trigger.
 *
 * An installable on-edit trigger (sheetsyncOnEdit) notes each edit of Spend, Costs or Settings
 * (their English and French names, as the data contract recognises them, or a name given by a
 * `tab.spend` / `tab.costs` / `tab.settings` row of the Settings tab), and a one-off time-based
 * trigger (sheetsyncDeferredRefresh) refreshes once EDIT_QUIET_MS have passed since the last
 * such edit: typing ten cells costs one refresh. Edits of the tabs sheetsync owns (Dashboard,
 * Data issues) are ignored.
 *
 * Where the debounce state lives: an editor add-on's time-based trigger runs without an active
 * document, so it cannot read document properties. The pending edits therefore live in the
 * user properties of whoever installed the trigger (installable triggers always run as their
 * creator, whoever edits) as {spreadsheetId: last edit millis}. One deferred trigger serves every sheet
 * of that user, because an add-on may hold only one time-based trigger per user and document.
 * Both handlers take the user lock (LockService) around that state.
 */

var EDIT_QUIET_MS = 60 * 1000;
var PENDING_EDITS_KEY = 'sheetsync.pendingEdits';
var DEFERRED_TRIGGER_KEY = 'sheetsync.deferredTrigger';
var EDIT_HANDLER = 'sheetsyncOnEdit';
var DEFERRED_HANDLER = 'sheetsyncDeferredRefresh';
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

/** The pending edits, {spreadsheetId: last edit millis}. */
function readPendingEdits_(props) {
  try {
    return JSON.parse(props.getProperty(PENDING_EDITS_KEY) || '{}') || {};
  } catch (err) {
    return {};
  }
}

/** Whether a refresh after edits of this sheet is waiting for its quiet minute. */
function refreshPendingAfterEdits_(spreadsheetId) {
  return Boolean(readPendingEdits_(PropertiesService.getUserProperties())[spreadsheetId]);
}

/** The deferred trigger, when the one we armed still exists. */
function findDeferredTrigger_(props) {
  var uid = props.getProperty(DEFERRED_TRIGGER_KEY);
  if (!uid) {
    return null;
  }
  return ScriptApp.getProjectTriggers().filter(function (trigger) {
    return trigger.getUniqueId() === uid;
  })[0] || null;
}

/** Arms the one deferred trigger to fire in `delayMs`, unless one is already armed. */
function armDeferredTrigger_(props, delayMs) {
  if (findDeferredTrigger_(props)) {
    return;
  }
  var trigger = ScriptApp.newTrigger(DEFERRED_HANDLER).timeBased().after(Math.max(1000, delayMs)).create();
  props.setProperty(DEFERRED_TRIGGER_KEY, trigger.getUniqueId());
}

/** Installable on-edit handler: note an edit of an input tab, and arm the deferred refresh. */
function sheetsyncOnEdit(e) {
  if (!e || !e.range) {
    return;
  }
  var spreadsheet = e.source || SpreadsheetApp.getActive();
  if (!isWatchedTab_(e.range.getSheet().getName(), spreadsheet)) {
    return;
  }
  var lock = LockService.getUserLock();
  if (!lock.tryLock(10000)) {
    console.warn('sheetsync: edit not noted, the lock stayed busy');
    return;
  }
  try {
    var props = PropertiesService.getUserProperties();
    var now = Date.now();
    var pending = readPendingEdits_(props);
    pending[spreadsheet.getId()] = now;
    props.setProperty(PENDING_EDITS_KEY, JSON.stringify(pending));
    armDeferredTrigger_(props, EDIT_QUIET_MS);
  } finally {
    lock.releaseLock();
  }
}

/**
 * Time-based handler: refresh every sheet quiet for EDIT_QUIET_MS, and re-arm for the others.
 *
 * The refreshes run after the lock is released, so edits made meanwhile are noted at once.
 */
function sheetsyncDeferredRefresh(e) {
  var lock = LockService.getUserLock();
  if (!lock.tryLock(30000)) {
    return;
  }
  var due = [];
  try {
    var props = PropertiesService.getUserProperties();
    var fired = findDeferredTrigger_(props);
    var firedUid = e && e.triggerUid ? String(e.triggerUid) : null;
    ScriptApp.getProjectTriggers().forEach(function (trigger) {
      if (trigger.getUniqueId() === firedUid || trigger === fired) {
        ScriptApp.deleteTrigger(trigger);
      }
    });
    props.deleteProperty(DEFERRED_TRIGGER_KEY);
    var pending = readPendingEdits_(props);
    var now = Date.now();
    var soonest = null;
    Object.keys(pending).forEach(function (id) {
      var wait = pending[id] + EDIT_QUIET_MS - now;
      // Time-based triggers fire a little early or late; a second is close enough.
      if (wait <= 1000) {
        due.push(id);
        delete pending[id];
      } else if (soonest === null || wait < soonest) {
        soonest = wait;
      }
    });
    props.setProperty(PENDING_EDITS_KEY, JSON.stringify(pending));
    if (soonest !== null) {
      armDeferredTrigger_(props, soonest);
    }
  } finally {
    lock.releaseLock();
  }
  due.forEach(function (id) {
    // No one is looking at a toast here: the outcome goes to the execution log, and the
    // run (with its error) to the service's run history the sidebar shows.
    var outcome = refreshSpreadsheet_('en', id, 'edit', false);
    console.log('sheetsync: refresh after edits of ' + id + ': ' + (outcome.ok ? 'ok' : outcome.message));
  });
}
