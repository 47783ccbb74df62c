'use strict';
/**
 * Answers shaped like the sheetsync service's (api-contract.md): run objects, error bodies, and
 * a small router so a test states which path answers what.
 */

const HEADLINE = [
  ['gross_sales_ttc', 12840.5, 11020, true],
  ['cash_collected_ht', 9210.25, 8800, true],
  ['new_signups', 1532, 1410, true],
  ['signups_per_day', 51.07, 45.48, true],
  ['sales_per_signup_ttc', 8.38, 7.82, true],
  ['new_customers', 64, 70, true],
  ['cac', 31.2, 28.4, false],
  ['roas', 3.4, 3.1, true],
  ['net_profit', -420, 1250, true],
];

/** A run object as the service returns it; `overrides` replace any field. */
function makeRun(overrides) {
  const headline = HEADLINE.map(([key, value, previous, higher]) => ({
    key, period: '2025-11', value, previous,
    change: previous ? (value - previous) / Math.abs(previous) : null,
    higher_is_better: higher,
  }));
  return Object.assign({
    id: '5f0c2a7e9b1d4c3a8e6f7a9b0c1d2e3f',
    spreadsheet_id: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_xyz',
    status: 'succeeded',
    trigger: 'manual',
    triggered_by: 'owner@example.com',
    created_at: '2025-12-01T08:59:55Z',
    started_at: '2025-12-01T08:59:55Z',
    finished_at: '2025-12-01T09:00:00Z',
    duration_seconds: 4.23,
    issues_count: 3,
    headline,
    language: 'en',
    currency: 'EUR',
    error: null,
    wrote: true,
    skipped_reason: null,
  }, overrides || {});
}

/** An error answer: {status, body: {error: {code, message, hint}}, headers}. */
function errorAnswer(status, code, message, extra) {
  return Object.assign({
    status,
    body: { error: { code, message, hint: (extra && extra.hint) || '' } },
    headers: (extra && extra.headers) || {},
  });
}

/**
 * A service from a list of [method, path regexp, answer or function(request, match)]; the first
 * match answers, anything else is a 404 like the service's.
 */
function router(routes) {
  return (request) => {
    const url = new URL(request.url);
    for (const [method, pattern, answer] of routes) {
      const match = pattern.exec(url.pathname + url.search);
      if (method === request.method && match) {
        return typeof answer === 'function' ? answer(request, match) : answer;
      }
    }
    return errorAnswer(404, 'not_found', 'No route ' + request.method + ' ' + url.pathname);
  };
}

module.exports = { makeRun, errorAnswer, router };
