// Follows a page's requests through its CDP session's Network events.

/**
 * Starts following `cdp`'s Network events (call before Network.enable). A response's encoded
 * body is what loadingFinished counts on the wire less what responseReceived had counted by
 * then (its headers).
 */
export function watchNetwork(cdp) {
  const inFlight = new Map(); // requestId → { url, headers, status }
  const done = [];
  let lastChange = Date.now();
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (!inFlight.has(requestId)) inFlight.set(requestId, { url: request.url, headers: 0, status: 0 });
    lastChange = Date.now();
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const entry = inFlight.get(requestId);
    if (entry) Object.assign(entry, { headers: response.encodedDataLength, status: response.status });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = inFlight.get(requestId);
    if (!entry) return;
    inFlight.delete(requestId);
    done.push({ url: entry.url, status: entry.status, body: encodedDataLength - entry.headers, transfer: encodedDataLength });
    lastChange = Date.now();
  });
  cdp.on('Network.loadingFailed', ({ requestId, errorText }) => {
    const entry = inFlight.get(requestId);
    if (!entry) return;
    inFlight.delete(requestId);
    done.push({ url: entry.url, status: entry.status, body: 0, transfer: 0, failed: errorText });
    lastChange = Date.now();
  });
  return {
    /** Waits until no request has been in flight for `ms` (at most `timeout`). */
    async quiet(ms, timeout) {
      const end = Date.now() + timeout;
      while (inFlight.size || Date.now() - lastChange < ms) {
        if (Date.now() > end) throw new Error(`the network never went quiet: ${[...inFlight.values()].map((r) => r.url).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** The requests that finished, with their status and encoded body and transfer sizes. */
    finished: () => done.map((r) => ({ ...r, url: r.url.replace(/^https?:\/\/[^/]+/, '') })),
  };
}

/** The requests that failed or answered an error status, as text ('' if none). */
export function broken(requests) {
  const bad = requests.filter((r) => r.failed || r.status >= 400);
  return bad.length ? `; failed requests: ${bad.map((r) => `${r.url} (${r.failed || r.status})`).join(', ')}` : '';
}
