// One visit of one page in a fresh browser context: loads it, makes the pass's choice in
// Noren's banner, waits for the network to settle, and returns everything it saw (requests
// with their initiators from the DevTools protocol, cookies with who set them, storage keys,
// the served markup's tags, links, where the page's Noren config is).
import { registrableDomain } from './rules.mjs';

/** The three passes: no choice yet, after "Reject all", after "Accept all". */
export const PASSES = ['none', 'reject', 'accept'];

/** Names of Noren's notice buttons when the `data-a` attribute is not there (older builds). */
const BUTTON_NAMES = { reject: /^(Reject all|すべて拒否する)$/, accept: /^(Accept all|すべて同意する)$/ };

// Runs in every frame before the page's scripts: notes which script writes each cookie
// through document.cookie (the first http(s) frame of the stack is the writer).
const COOKIE_HOOK = `(() => {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (!d || !d.set || window.__norenScanCookieWrites) return;
  const log = [];
  Object.defineProperty(window, '__norenScanCookieWrites', { value: log });
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true, enumerable: d.enumerable, get: d.get,
    set(v) {
      try {
        const text = String(v);
        if (!/max-age=\\s*-?0*[;\\s]|max-age=\\s*-?0*$|expires=[^;]*1970/i.test(text)) {
          const m = (new Error().stack || '').match(/https?:\\/\\/[^\\s)]+?(?=:\\d+:\\d+)/);
          log.push({ name: text.split(';')[0].split('=')[0].trim(), script: m ? m[0] : null });
        }
      } catch (e) { /* never disturb the page */ }
      return d.set.call(this, v);
    },
  });
})();`;

/** The tag behind a request, from CDP's initiator: the script on top of the stack, or the document and line. */
export function initiatorOf(init) {
  if (!init) return { type: 'other' };
  for (let stack = init.stack; stack; stack = stack.parent) {
    const top = (stack.callFrames || []).find((f) => f.url);
    if (top) return { type: init.type, url: top.url, line: top.lineNumber + 1 };
  }
  if (init.url) return { type: init.type, url: init.url, ...(init.lineNumber != null ? { line: init.lineNumber + 1 } : {}) };
  return { type: init.type };
}

/** Names of the cookies a response's Set-Cookie headers stored (blocked ones left out). */
export function cookiesSet(headers, blocked = []) {
  const lines = [];
  for (const [k, v] of Object.entries(headers || {})) if (k.toLowerCase() === 'set-cookie') lines.push(...String(v).split('\n'));
  const refused = new Set(blocked.map((b) => b.cookieLine));
  return lines.filter((l) => l && !refused.has(l)).map((l) => l.split(';')[0].split('=')[0].trim()).filter(Boolean);
}

/**
 * Visits `url` once. `pass` is one of PASSES; `opts.only(url)` (optional) says which
 * requests may leave the browser (others are aborted but still recorded);
 * `opts.idleMs`/`opts.maxWaitMs` bound the wait for the network to settle.
 */
export async function visit(browser, url, pass, opts = {}) {
  const { idleMs = 700, maxWaitMs = 8000, locale = 'en-US' } = opts;
  const context = await browser.newContext({ locale });
  try {
    if (opts.only) await context.route(() => true, (route) => (opts.only(route.request().url()) ? route.continue() : route.abort()));
    await context.addInitScript(COOKIE_HOOK);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = [];
    const byId = new Map();
    const headerCookies = [];
    const inflight = new Set();
    let lastActivity = Date.now();
    let phase = 'before';
    cdp.on('Network.requestWillBeSent', (e) => {
      lastActivity = Date.now();
      inflight.add(e.requestId);
      if (!/^https?:/.test(e.request.url)) return;
      const u = new URL(e.request.url);
      const r = {
        url: u.href, host: u.hostname, domain: registrableDomain(u.hostname),
        type: String(e.type || 'Other').toLowerCase(), initiator: initiatorOf(e.initiator), phase,
      };
      byId.set(e.requestId, r);
      requests.push(r);
    });
    const done = (e) => { lastActivity = Date.now(); inflight.delete(e.requestId); };
    cdp.on('Network.loadingFinished', done);
    cdp.on('Network.loadingFailed', done);
    cdp.on('Network.responseReceivedExtraInfo', (e) => {
      const r = byId.get(e.requestId);
      for (const name of cookiesSet(e.headers, e.blockedCookies)) headerCookies.push({ name, host: r ? r.host : null, via: 'header' });
    });
    await cdp.send('Network.enable');
    const settle = async () => {
      const start = Date.now();
      while (Date.now() - start < maxWaitMs) {
        if (inflight.size === 0 && Date.now() - lastActivity >= idleMs) return;
        await page.waitForTimeout(100);
      }
    };

    const response = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    const out = { pass, status: response ? response.status() : 0, contentType: response ? response.headers()['content-type'] || '' : '' };
    out.finalUrl = page.url();
    if (!/html/i.test(out.contentType)) return { ...out, html: false };
    await settle();
    out.noren = await page.evaluate(() => 'noren' in window && !!window.noren);
    if (out.noren) {
      // Noren's module loads in a chain (loader, glue, wasm, config): wait for it, then for the network.
      await page.evaluate(() => Promise.race([
        Promise.resolve(window.noren.ready).then(() => 0, () => 0),
        new Promise((resolve) => setTimeout(resolve, 10000)),
      ])).catch(() => {});
      await settle();
    }
    if (pass !== 'none' && out.noren) {
      const button = await findButton(page, pass);
      if (!button) {
        out.error = `Noren is on the page but its "${pass === 'accept' ? 'Accept all' : 'Reject all'}" button did not appear`;
      } else {
        phase = 'after';
        await button.click();
        // The choice is made when Noren says so; the tags it releases follow at once.
        await page.waitForFunction(() => window.noren.getConsent().decided === true, null, { timeout: 10000 }).catch(() => {});
        lastActivity = Date.now();
        await settle();
      }
    }
    out.requests = requests;
    out.cookies = (await context.cookies()).map((c) => ({
      name: c.name, domain: c.domain.replace(/^\./, ''), path: c.path,
      expires: c.expires > 0 ? c.expires : null, hostOnly: !c.domain.startsWith('.'),
    }));
    const writes = [...headerCookies];
    for (const frame of page.frames()) {
      const log = await frame.evaluate(() => (window.__norenScanCookieWrites || []).slice()).catch(() => []);
      for (const w of log) {
        // The page can write to the log too: take only what has the log's shape.
        if (!w || typeof w.name !== 'string' || !w.name || (w.script !== null && typeof w.script !== 'string')) continue;
        let host = null;
        try { host = w.script ? new URL(w.script).hostname : null; } catch { /* unreadable stack */ }
        writes.push({ name: w.name, host, via: 'script', script: w.script });
      }
    }
    out.cookieWrites = writes;
    out.storage = [];
    for (const frame of page.frames()) {
      const keys = await frame.evaluate(() => {
        const list = (s) => { try { return Object.keys(s).sort(); } catch { return []; } };
        return { origin: location.origin, local: list(window.localStorage), session: list(window.sessionStorage) };
      }).catch(() => null);
      if (keys && /^https?:/.test(keys.origin)) out.storage.push(keys);
    }
    if (pass === 'none') {
      // The page's own links (not those inside Noren's shadow root).
      out.links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href)).catch(() => []);
      out.configSource = await page.evaluate(() => {
        const inline = document.getElementById('noren-config');
        if (inline) return { kind: 'inline', text: inline.textContent };
        const tag = document.querySelector('script[data-config]');
        return tag ? { kind: 'url', url: new URL(tag.getAttribute('data-config'), document.baseURI).href } : null;
      });
      const html = response ? await response.text().catch(() => '') : '';
      out.tags = await page.evaluate(servedTags, html);
    }
    return out;
  } finally {
    await context.close();
  }
}

/** The notice's button for the pass: by `data-a` in Noren's shadow root, else by its name. */
async function findButton(page, pass) {
  const candidates = [
    page.locator(`#noren button[data-a="${pass}"]`).first(),
    page.getByRole('button', { name: BUTTON_NAMES[pass] }).first(),
  ];
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    for (const c of candidates) if (await c.isVisible().catch(() => false)) return c;
    await page.waitForTimeout(100);
  }
  return null;
}

// Runs in the page: the script, iframe and img tags of the HTML as served (not as scripts
// changed it), parsed by the browser itself.
function servedTags(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out = [];
  for (const el of doc.querySelectorAll('script[src], iframe[src], img[src]')) {
    let url;
    try { url = new URL(el.getAttribute('src'), document.baseURI).href; } catch { continue; }
    out.push({
      tag: el.localName, url,
      consent: el.getAttribute('data-consent'),
      textPlain: el.localName === 'script' && (el.getAttribute('type') || '').trim().toLowerCase() === 'text/plain',
    });
  }
  return out;
}
