/**
 * Calls to the sheetsync service: its settings, the caller's credentials, one request, and how a
 * response becomes an outcome the menu, the sidebar and the edit trigger all share.
 *
 * An outcome is a plain object:
 *   {ok, status, pending, title, message, hint, code, run, body, retryAfter}
 * `ok` is true for a finished successful call; `pending` for a run still going on (202, or a
 * polled run still queued or running); otherwise `message` is the service's own error message,
 * or a sentence chosen by status when the service sent none.
 *
 * Settings live in the script properties (Settings… writes them): SERVICE_URL, CLIENT_ID,
 * AUTH_MODE (oauth | oidc | hmac), HMAC_SECRET, and SETTINGS_LOCKED ("true" makes the dialog
 * read-only, for a deployer who fixed them in the Apps Script editor).
 */

var SHEET_ID_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;
var POLL_INTERVAL_MS = 3000;
// Polling after a 202 stays within Apps Script's limits: the POST already waited up to 25 s,
// and 16 polls 3 s apart add at most ~50 s.
var POLL_MAX = 16;
var AUTH_MODES = ['oauth', 'oidc', 'hmac'];

/** The service settings from the script properties, with defaults. */
function serviceConfig_() {
  var props = PropertiesService.getScriptProperties().getProperties() || {};
  var mode = AUTH_MODES.indexOf(props.AUTH_MODE) >= 0 ? props.AUTH_MODE : 'oauth';
  return {
    url: String(props.SERVICE_URL || '').replace(/\/+$/, ''),
    clientId: String(props.CLIENT_ID || ''),
    authMode: mode,
    hmacSecret: String(props.HMAC_SECRET || ''),
    locked: props.SETTINGS_LOCKED === 'true'
  };
}

/** The API path of one spreadsheet resource, e.g. `/v1/spreadsheets/<id>/refresh`. */
function sheetPath_(spreadsheetId, tail) {
  return '/v1/spreadsheets/' + encodeURIComponent(spreadsheetId) + tail;
}

/** The email of the person at the keyboard ('' when Google does not tell, as for consumer accounts). */
function activeUserEmail_() {
  try {
    return Session.getActiveUser().getEmail() || '';
  } catch (err) {
    return '';
  }
}

/** Lower-case hex of the signed bytes Utilities returns. */
function toHex_(bytes) {
  return bytes.map(function (b) {
    var v = (b < 0 ? b + 256 : b).toString(16);
    return v.length === 1 ? '0' + v : v;
  }).join('');
}

/** The `aud` claim of a JWT, or '' when it cannot be read. */
function tokenAudience_(jwt) {
  try {
    var part = String(jwt).split('.')[1];
    part += '===='.slice(0, (4 - (part.length % 4)) % 4);
    var json = Utilities.newBlob(Utilities.base64DecodeWebSafe(part)).getDataAsString();
    return String(JSON.parse(json).aud || '');
  } catch (err) {
    return '';
  }
}

/**
 * The headers that prove who calls: a Google token as Bearer, or an HMAC signature.
 *
 * The HMAC signs timestamp, method, API path, query string (as sent, without its `?`), the
 * X-Sheetsync-User header (empty when none), a fresh X-Sheetsync-Nonce and raw body, each on
 * its own line, as the service checks it (docs/service.md): a signature cannot be turned against
 * another call or user, and the service accepts each signature once (the nonce keeps two
 * identical calls in one second apart).
 */
function authHeaders_(config, method, path, body) {
  if (config.authMode === 'hmac') {
    var timestamp = String(Math.floor(Date.now() / 1000));
    var at = path.indexOf('?');
    var email = activeUserEmail_() || '';
    var nonce = Utilities.getUuid().replace(/-/g, '');
    var signed = [timestamp, method, at < 0 ? path : path.slice(0, at), at < 0 ? '' : path.slice(at + 1),
      email, nonce, body].join('\n');
    var signature = Utilities.computeHmacSha256Signature(
      signed, config.hmacSecret, Utilities.Charset.UTF_8);
    var headers = {
      'X-Sheetsync-Timestamp': timestamp,
      'X-Sheetsync-Nonce': nonce,
      'X-Sheetsync-Signature': 'sha256=' + toHex_(signature)
    };
    if (email) {
      headers['X-Sheetsync-User'] = email;
    }
    return headers;
  }
  var token = config.authMode === 'oidc' ? ScriptApp.getIdentityToken() : ScriptApp.getOAuthToken();
  return { Authorization: 'Bearer ' + token };
}

/** The UrlFetchApp request for one call (also usable in fetchAll). */
function buildRequest_(config, method, path, payload) {
  var body = payload === undefined ? '' : JSON.stringify(payload);
  var headers = authHeaders_(config, method, path, body);
  headers.Accept = 'application/json';
  var request = {
    url: config.url + path,
    method: method.toLowerCase(),
    headers: headers,
    muteHttpExceptions: true,
    followRedirects: false
  };
  if (body) {
    request.contentType = 'application/json';
    request.payload = body;
  }
  return request;
}

/** A UrlFetchApp response as {status, body, headers}; a body that is not JSON is dropped. */
function readResponse_(response) {
  var text = response.getContentText();
  var body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (err) {
    body = null;
  }
  var headers = {};
  var raw = response.getHeaders() || {};
  Object.keys(raw).forEach(function (name) {
    headers[name.toLowerCase()] = raw[name];
  });
  return { status: response.getResponseCode(), body: body, headers: headers };
}

/** A response standing for "no answer": not configured, bad id, or the network failed. */
function localFailure_(code) {
  return { status: 0, body: { error: { code: code } }, headers: {} };
}

/** Checks made before any call: the service is configured, the id is valid, the token fits. */
function preflight_(config, spreadsheetId) {
  if (!config.url) {
    return localFailure_('not_configured');
  }
  if (spreadsheetId !== null && !SHEET_ID_PATTERN.test(String(spreadsheetId))) {
    return localFailure_('bad_sheet_id');
  }
  if (config.authMode === 'oidc' && config.clientId) {
    var audience = tokenAudience_(ScriptApp.getIdentityToken());
    if (audience && audience !== config.clientId) {
      var failure = localFailure_('oidc_audience');
      failure.body.error.vars = { actual: audience, expected: config.clientId };
      return failure;
    }
  }
  return null;
}

/** One call to the service; never throws for an HTTP or network failure. */
function callService_(method, path, payload, spreadsheetId) {
  var config = serviceConfig_();
  var refused = preflight_(config, spreadsheetId === undefined ? null : spreadsheetId);
  if (refused) {
    return refused;
  }
  var request = buildRequest_(config, method, path, payload);
  try {
    return readResponse_(UrlFetchApp.fetch(request.url, request));
  } catch (err) {
    // DNS failure, timeout, or a URL outside urlFetchWhitelist: the person can only retry or
    // tell whoever set the add-on up, so the exception text goes to the log, not the toast.
    console.error('sheetsync: request failed: ' + err);
    return localFailure_('unreachable');
  }
}

/** Several GET calls at once (UrlFetchApp.fetchAll), each read like callService_'s. */
function callServiceAll_(paths, spreadsheetId) {
  var config = serviceConfig_();
  var refused = preflight_(config, spreadsheetId);
  if (refused) {
    return paths.map(function () { return refused; });
  }
  var requests = paths.map(function (path) { return buildRequest_(config, 'GET', path); });
  try {
    return UrlFetchApp.fetchAll(requests).map(readResponse_);
  } catch (err) {
    console.error('sheetsync: requests failed: ' + err);
    return paths.map(function () { return localFailure_('unreachable'); });
  }
}

/** What a response means to a person, in `lang` (see the file docstring for the shape). */
function outcomeOf_(lang, response) {
  var status = response.status;
  var body = response.body || {};
  if (status === 200 || status === 201 || status === 204) {
    return runOutcome_(lang, status, body);
  }
  if (status === 202) {
    return {
      ok: false, pending: true, status: 202, run: body,
      title: t_(lang, 'still_running_title'), message: t_(lang, 'still_running')
    };
  }
  var error = body.error || {};
  var local = { not_configured: 1, bad_sheet_id: 1, oidc_audience: 1 };
  if (status === 0 && local[error.code]) {
    var titleKey = error.code === 'not_configured' ? 'not_configured_title' : 'title_400';
    return {
      ok: false, pending: false, status: 0, code: error.code,
      title: t_(lang, titleKey), message: t_(lang, error.code, error.vars), hint: ''
    };
  }
  var family = statusFamily_(status);
  var message = typeof error.message === 'string' && error.message
    ? error.message
    : t_(lang, 'status_' + family, { status: status });
  var retryAfter = Number(response.headers && response.headers['retry-after']);
  if (status === 429 && retryAfter > 0) {
    message += ' ' + t_(lang, 'retry_after', { seconds: Math.ceil(retryAfter) });
  }
  return {
    ok: false, pending: false, status: status, code: error.code || '',
    title: t_(lang, family === 'other' ? 'failed_title' : 'title_' + family),
    message: message, hint: typeof error.hint === 'string' ? error.hint : '',
    retryAfter: retryAfter > 0 ? retryAfter : null
  };
}

/** The outcome of a 2xx answer: a run (finished or not) or any other JSON document. */
function runOutcome_(lang, status, body) {
  if (!body || !body.status || !body.id) {
    return { ok: true, pending: false, status: status, body: body };
  }
  if (body.status === 'succeeded') {
    return {
      ok: true, pending: false, status: status, run: body,
      title: t_(lang, 'refreshed_title'), message: successMessage_(lang, body)
    };
  }
  if (body.status === 'failed') {
    var error = body.error || {};
    return {
      ok: false, pending: false, status: status, run: body, code: error.code || '',
      title: t_(lang, 'failed_title'),
      message: error.message || t_(lang, 'status_5xx'), hint: error.hint || ''
    };
  }
  return {
    ok: false, pending: true, status: status, run: body,
    title: t_(lang, 'still_running_title'), message: t_(lang, 'still_running')
  };
}

/**
 * Refresh one spreadsheet and return its outcome.
 *
 * With `poll`, a 202 is followed by GET .../runs/<id> every POLL_INTERVAL_MS, at most POLL_MAX
 * times; `onPending(outcome)` is called once when the first answer says "still running".
 */
function refreshSpreadsheet_(lang, spreadsheetId, trigger, poll, onPending) {
  var response = callService_('POST', sheetPath_(spreadsheetId, '/refresh'),
    { wait: true, trigger: trigger }, spreadsheetId);
  var outcome = outcomeOf_(lang, response);
  if (!outcome.pending || !poll || !outcome.run || !outcome.run.id) {
    return outcome;
  }
  if (onPending) {
    onPending(outcome);
  }
  return pollRun_(lang, spreadsheetId, outcome.run.id);
}

/** Poll one run until it ends or the polling budget is spent; the last outcome either way. */
function pollRun_(lang, spreadsheetId, runId) {
  var outcome = null;
  for (var i = 0; i < POLL_MAX; i++) {
    Utilities.sleep(POLL_INTERVAL_MS);
    outcome = runStatusOutcome_(lang, spreadsheetId, runId);
    if (!outcome.pending) {
      return outcome;
    }
  }
  return outcome;
}

/** The outcome of one GET .../runs/<run id>. */
function runStatusOutcome_(lang, spreadsheetId, runId) {
  var path = sheetPath_(spreadsheetId, '/runs/' + encodeURIComponent(runId));
  return outcomeOf_(lang, callService_('GET', path, undefined, spreadsheetId));
}
