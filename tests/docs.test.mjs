// The documentation's links: in README.md, CHANGELOG.md and every docs/**/*.md, each relative
// link or image (Markdown `[…](…)`, reference definitions, HTML `href`/`src`) names a file or
// folder of the repository, and each `#anchor` (in the same file or in another .md file) names
// one of that file's headings, as GitHub and npmjs.com make them: lower case, punctuation
// removed, spaces as hyphens, `-1`, `-2` … for repeated headings. Code blocks and inline code are
// not links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** README.md, CHANGELOG.md and the .md files under docs/, as repo-relative paths. */
function documents() {
  const out = ['README.md', 'CHANGELOG.md'];
  const walk = (dir) => {
    for (const e of readdirSync(join(repo, dir), { withFileTypes: true })) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.md')) out.push(path);
    }
  };
  walk('docs');
  return out;
}

/** The text outside fenced code blocks and inline code (which hold no links). */
function prose(md) {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
}

/** GitHub's anchor for a heading's text (what github-slugger does). */
export function slug(heading) {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML tags
    .replace(/[`*]/g, '') // code and emphasis marks
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file: its headings' slugs (repeats numbered) and HTML ids. */
function anchors(path) {
  const md = readFileSync(join(repo, path), 'utf8');
  const seen = new Map();
  const out = new Set();
  for (const [, text] of md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of md.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(id);
  return out;
}

/** Every link target of a Markdown file's prose. */
function links(md) {
  const text = prose(md);
  const out = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) out.push(m[1]);
  for (const m of text.matchAll(/<(?:a|img)\s[^>]*?(?:href|src)="([^"]+)"/g)) out.push(m[1]);
  return out;
}

test('slug: as GitHub makes heading anchors', () => {
  assert.equal(slug('Put it on a site'), 'put-it-on-a-site');
  assert.equal(slug('`noren scan`: find every tracker'), 'noren-scan-find-every-tracker');
  assert.equal(slug('The service worker (`noren-sw.js`)'), 'the-service-worker-noren-swjs');
  assert.equal(slug('Mobile-like (150 ms round trip, 1.6 Mbps down), median of 9'), 'mobile-like-150-ms-round-trip-16-mbps-down-median-of-9');
  assert.equal(slug('外部送信について'), '外部送信について');
  assert.equal(slug('A [link](x.md) and **bold**'), 'a-link-and-bold');
});

for (const doc of documents()) {
  test(`${doc}: every relative link and #anchor resolves`, () => {
    const problems = [];
    for (const target of links(readFileSync(join(repo, doc), 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto: …
      const [path, anchor] = target.split('#');
      const file = path === '' ? doc : relative(repo, join(repo, dirname(doc), decodeURI(path)));
      if (file.startsWith('..') || !existsSync(join(repo, file))) {
        problems.push(`${target}: no file ${file}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!file.endsWith('.md') || statSync(join(repo, file)).isDirectory()) {
        problems.push(`${target}: an anchor into ${file}, which is not a Markdown file`);
      } else if (!anchors(file).has(decodeURIComponent(anchor))) {
        problems.push(`${target}: ${file} has no heading #${anchor}`);
      }
    }
    assert.deepEqual(problems, []);
  });
}
