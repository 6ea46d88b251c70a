// The HTML report: one self-contained file (inline CSS and SVG, no script), with the summary,
// the findings, and a picture per page of which hosts each pass reached.
import { PASSES } from './visit.mjs';

const PASS_NAMES = { none: 'No choice', reject: 'Reject all', accept: 'Accept all' };
const COLOURS = { leak: '#c62828', undeclared: '#ef6c00', declared: '#2e7d32', first: '#78909c' };

/** Escapes text for HTML content and attribute values. */
export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** How a host shows on a page in a pass: leak, undeclared, declared or first-party. */
function kindOf(report, page, pass, host) {
  if (report.findings.leaks.some((l) => l.page === page && l.pass === pass && l.host === host)) return 'leak';
  const h = report.hosts.find((x) => x.host === host);
  if (!h || !h.thirdParty) return 'first';
  return h.service || h.allowed ? 'declared' : 'undeclared';
}

/** The SVG for one page: a row per host, a column per pass, a dot where the pass reached it. */
export function pageSvg(report, page) {
  const passes = PASSES.filter((p) => page.passes[p]);
  const hosts = [...new Set(passes.flatMap((p) => page.passes[p].hosts))].sort((a, b) => {
    const ta = report.hosts.find((h) => h.host === a)?.thirdParty ? 1 : 0;
    const tb = report.hosts.find((h) => h.host === b)?.thirdParty ? 1 : 0;
    return ta - tb || (a < b ? -1 : 1);
  });
  const left = Math.max(120, 8 + 7.2 * Math.max(0, ...hosts.map((h) => h.length)));
  const col = 110;
  const row = 24;
  const width = left + col * passes.length + 10;
  const height = 34 + row * Math.max(1, hosts.length);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`Hosts reached by each pass on ${page.url}`)}">`];
  passes.forEach((p, i) => parts.push(`<text x="${left + col * i + col / 2}" y="18" text-anchor="middle" class="ph">${esc(PASS_NAMES[p])}</text>`));
  hosts.forEach((host, j) => {
    const y = 34 + row * j + row / 2;
    parts.push(`<text x="${left - 10}" y="${y + 4}" text-anchor="end" class="hn">${esc(host)}</text>`);
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + col * passes.length}" y2="${y}" class="gl"/>`);
    passes.forEach((p, i) => {
      const cx = left + col * i + col / 2;
      if (page.passes[p].hosts.includes(host)) {
        const kind = kindOf(report, page.url, p, host);
        parts.push(`<circle cx="${cx}" cy="${y}" r="7" fill="${COLOURS[kind]}"><title>${esc(`${host}: ${kind === 'first' ? 'first party' : kind} (${PASS_NAMES[p]})`)}</title></circle>`);
      } else {
        parts.push(`<circle cx="${cx}" cy="${y}" r="3" class="no"/>`);
      }
    });
  });
  if (!hosts.length) parts.push(`<text x="${left}" y="${34 + row / 2}" class="hn">no requests</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function table(headers, rows) {
  if (!rows.length) return '<p class="none">None.</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const initiator = (i) => (i && i.url ? `${esc(i.url)}${i.line ? `:${i.line}` : ''} <span class="dim">(${esc(i.type)})</span>` : `<span class="dim">${esc(i?.type || 'unknown')}</span>`);
const lifetime = (d) => (d == null ? 'session' : `${d} d`);

/** The whole report as one HTML page. */
export function renderHtml(report) {
  const f = report.findings;
  const s = report.summary;
  const count = (n, what, bad) => `<div class="stat${n && bad ? ' bad' : ''}"><b>${n}</b>${esc(what)}</div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Noren scan: ${report.url}`)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f23;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:13px;margin:0 0 6px;overflow-wrap:anywhere}
.meta{color:#57606a}.stats{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0}
.stat{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:92px}
.stat b{display:block;font-size:20px}.stat.bad{border-color:#c62828;background:#fdecea}
table{border-collapse:collapse;width:100%;background:#fff;margin:4px 0 8px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eef1f4}.none{color:#57606a}.dim{color:#6e7781}
.pages{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}.page{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;overflow-x:auto;max-width:100%}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px}
svg text{font:12px system-ui,sans-serif;fill:#1b1f23}svg .ph{font-weight:600}svg .gl{stroke:#eaeef2}svg .no{fill:#d0d7de}
pre{background:#fff;border:1px solid #d0d7de;padding:8px;overflow:auto}
</style>
</head>
<body>
<main>
<h1>Noren scan</h1>
<p class="meta">${esc(report.url)} · site ${esc(report.site)} · ${esc(report.startedAt)} · ${s.pages} page(s) · config: ${esc(report.config.kind)}${report.config.location ? ` (${esc(report.config.location)})` : ''}${report.config.problem ? ` — ${esc(report.config.problem)}` : ''}${(report.config.others || []).map((o) => ` · also ${esc(o.location)} on ${o.pages.length} page(s)`).join('')}${report.limits.truncated ? ` · stopped at the limit, ${report.limits.unvisited} page(s) not visited` : ''}</p>
<div class="stats">
${count(f.leaks.length, 'leaks', true)}${count(f.undeclaredHosts.length, 'undeclared hosts', true)}${count(f.undeclaredCookies.length, 'undeclared cookies', true)}${count(f.cookiesAfterRefusal.length, 'cookies after refusal', true)}${count(f.unmarkedTags.length, 'unmarked tags', true)}${count(f.staleServices.length, 'stale services', true)}${count(f.pagesWithoutNoren.length, 'pages without Noren', true)}${count(s.thirdPartyHosts, 'third-party hosts')}${count(s.cookies, 'cookies')}${count(s.requests, 'requests')}
</div>

<h2>Hosts each pass reached, page by page</h2>
<p class="legend"><span><i style="background:${COLOURS.leak}"></i>leak</span><span><i style="background:${COLOURS.undeclared}"></i>undeclared</span><span><i style="background:${COLOURS.declared}"></i>declared service</span><span><i style="background:${COLOURS.first}"></i>first party</span></p>
<div class="pages">
${report.pages.map((p) => `<div class="page"><h3>${esc(p.url)}${p.noren ? '' : ' — no Noren on this page'}</h3>${pageSvg(report, p)}</div>`).join('\n')}
</div>

<h2>Leaks: requests to a service's hosts before consent or after refusal</h2>
${table(['page', 'pass', 'when', 'service', 'request', 'made by'], f.leaks.map((l) => [esc(l.page), esc(PASS_NAMES[l.pass]), esc(l.when), esc(l.service), `${esc(l.url)} <span class="dim">(${esc(l.type)})</span>`, initiator(l.initiator)]))}
<h2>Undeclared hosts</h2>
${table(['host', 'domain', 'passes', 'pages', 'loaded by'], f.undeclaredHosts.map((h) => [esc(h.host), esc(h.domain), esc(h.passes.map((p) => PASS_NAMES[p]).join(', ')), esc(h.pages.join(' ')), esc(h.initiators.join(' '))]))}
<h2>Undeclared cookies</h2>
${table(['name', 'domain', 'party', 'lifetime', 'passes', 'set by'], f.undeclaredCookies.map((c) => [esc(c.name), esc(c.domain), c.thirdParty ? 'third' : 'first', lifetime(c.lifetimeDays), esc(c.passes.map((p) => PASS_NAMES[p]).join(', ')), esc(c.setBy.join(' '))]))}
<h2>Declared cookies still there after "Reject all"</h2>
${table(['page', 'cookie', 'domain', 'service'], f.cookiesAfterRefusal.map((c) => [esc(c.page), esc(c.name), esc(c.domain), esc(c.service)]))}
<h2>Tags that should be held but are not marked</h2>
${table(['page', 'tag', 'url', 'service', 'problem'], f.unmarkedTags.map((t) => [esc(t.page), `&lt;${esc(t.tag)}&gt;`, esc(t.url), esc(t.service), esc(t.problem)]))}
<h2>Declared services never seen</h2>
${table(['service', 'hosts', 'cookies'], f.staleServices.map((x) => [esc(`${x.id} (${x.name})`), esc(x.hosts.join(' ')), esc(x.cookies.join(' '))]))}
<h2>Pages without Noren</h2>
${f.pagesWithoutNoren.length ? `<ul>${f.pagesWithoutNoren.map((u) => `<li>${esc(u)}</li>`).join('')}</ul>` : '<p class="none">None.</p>'}
${f.passErrors.length ? `<h2>Passes that went wrong</h2>${table(['page', 'pass', 'problem'], f.passErrors.map((e) => [esc(e.page), esc(PASS_NAMES[e.pass]), esc(e.error)]))}` : ''}

<h2>All cookies</h2>
${table(['name', 'domain', 'path', 'party', 'lifetime', 'service', 'passes', 'set by'], report.cookies.map((c) => [esc(c.name), esc(c.domain), esc(c.path), c.thirdParty ? 'third' : 'first', lifetime(c.lifetimeDays), esc(c.noren ? 'Noren (the choice)' : c.service || '—'), esc(c.passes.map((p) => PASS_NAMES[p]).join(', ')), esc(c.setBy.join(' '))]))}
<h2>Storage keys</h2>
${table(['origin', 'area', 'key', 'passes'], report.storage.map((k) => [esc(k.origin), esc(k.area), esc(k.key) + (k.noren ? ' <span class="dim">(Noren)</span>' : ''), esc(k.passes.map((p) => PASS_NAMES[p]).join(', '))]))}
${report.skipped.length ? `<h2>Not visited</h2>${table(['url', 'why'], report.skipped.map((x) => [esc(x.url), esc(x.reason)]))}` : ''}
<h2>Draft services for what is undeclared</h2>
${report.draft.notes.length ? `<ul>${report.draft.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<pre>${esc(JSON.stringify({ services: report.draft.services }, null, 2))}</pre>
</main>
</body>
</html>
`;
}
