'use strict';
/**
 * One real HTTP request, run as a child process so the caller can wait for it synchronously,
 * as UrlFetchApp.fetch does: reads {url, method, headers, payload} as JSON on stdin, prints
 * {status, headers, text} as JSON on stdout. Redirects are not followed (followRedirects: false).
 */
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const request = JSON.parse(input);
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.payload === null ? undefined : request.payload,
    redirect: 'manual',
    signal: AbortSignal.timeout(60000),
  });
  const text = await response.text();
  process.stdout.write(JSON.stringify({ status: response.status, headers: Object.fromEntries(response.headers), text }));
});
