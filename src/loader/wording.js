// The wording: one file per built-in language in WORDING/ (the build's content-hashed folder;
// the IAB loader's files also hold the TCF part's wording). A visitor downloads only theirs,
// from the loader's first lines, in parallel with the module. The choice is the module's
// (text::choose), repeated here for the files only: the config's fixed `language`, else
// <html lang> and navigator.languages, then `defaultLanguage` (the visitor's region's, else the
// top level's), then English; the built-in language for a tag (zh-TW, zh-HK: zh-Hant; zh,
// zh-CN: zh-Hans; pt-BR; other pt: pt; de-AT: de), else English under a language the config's
// `texts` (or the region's) add (is, de-CH's parent…). The module confirms it; if it wants
// another file, that one loads and it starts again (main.js). A wording file that cannot be
// loaded fails closed: nothing starts, no held tag runs.
import { d, base, each, getJSON, note } from './common.js';
import { regionRules } from './region.js';

var BUILT_IN = 'ar bg cs da de el en es et fi fr ga he hr hu it ja ko lt lv mt nl pl pt pt-BR ro sk sl sv zh-Hans zh-Hant'.split(' ');
var low = (t) => String(t).trim().toLowerCase();

/** The built-in wording file for a language tag (in lower case), or undefined. */
function builtin(tag) {
  var p = tag.split(/[-_]/);
  var n = p[0];
  var has = (s) => p.indexOf(s, 1) > 0;
  if (n === 'zh') n = !has('hans') && (has('hant') || has('tw') || has('hk') || has('mo')) ? 'zh-hant' : 'zh-hans';
  if (n === 'pt' && has('br')) n = 'pt-br';
  if (n === 'iw') n = 'he';
  for (var i = 0; i < BUILT_IN.length; i++) if (low(BUILT_IN[i]) === n) return BUILT_IN[i];
}

/** The wording file for the visitor under `config` (null before a config file is in) in
 * `region` (null: unknown): the region's `defaultLanguage` and `texts` count (regions). */
export function wordingFile(config, region) {
  var c = config || {};
  var site = [];
  var fallback = '';
  each(regionRules(c.regions, region).concat([c]), (r) => {
    if (r.texts && typeof r.texts === 'object') site = site.concat(Object.keys(r.texts).map(low));
    fallback = fallback || (typeof r.defaultLanguage === 'string' ? r.defaultLanguage : '');
  });
  var wanted = typeof c.language === 'string' && c.language !== 'auto' ? [c.language]
    : [d.documentElement.getAttribute('lang') || ''].concat([].slice.call(navigator.languages || []));
  wanted.push(fallback);
  for (var i = 0; i < wanted.length; i++) {
    var t = low(wanted[i]);
    var f = t && builtin(t);
    // A language only the site's texts give (the tag or one it falls back to): English words.
    for (; t && !f; t = t.replace(/-?[^-]*$/, '')) if (site.indexOf(t) >= 0) f = 'en';
    if (f) return f;
  }
  return 'en';
}

var loaded = {};
/** The parsed wording file `file` (fetched once; a rejection names the file). */
export function loadWording(file) {
  var href = new URL(WORDING + '/' + file + (IAB ? '.iab.json' : '.json'), base).href;
  return loaded[file] || (loaded[file] = getJSON(href)['catch']((e) => {
    throw note('E13', { url: href, reason: e.message });
  }));
}
