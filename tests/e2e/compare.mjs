// Screenshot comparison for the end-to-end tests: a PNG taken in the browser against the
// committed image tests/e2e/screenshots/<name>.png.
//
// Tolerance: two pixels differ when pixelmatch's colour distance exceeds THRESHOLD (0.03 on
// its 0–1 scale); anti-aliased pixels (glyph and curve edges) are not counted; an image
// matches when at most MAX_DIFF_RATIO (0.05 %) of its pixels differ. A changed colour, a moved
// box or a changed word is far more than that; font hinting noise is less.
//
// UPDATE_SCREENSHOTS=1 rewrites the committed image instead of comparing. On a mismatch (or a
// missing image) the actual image and a diff image (differing pixels in red) are written under
// test-results/screenshots/ and named in the returned message.
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** pixelmatch's per-pixel colour distance (0–1) above which two pixels differ. */
export const THRESHOLD = 0.03;
/** The share of an image's pixels that may differ (after the threshold) for it to match. */
export const MAX_DIFF_RATIO = 0.0005;

const expectedDir = fileURLToPath(new URL('screenshots/', import.meta.url));
const resultsDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const rel = (path) => path.slice(root.length);

/** True when the committed images are to be rewritten (UPDATE_SCREENSHOTS=1). */
export const updating = process.env.UPDATE_SCREENSHOTS === '1';

/**
 * Compares the PNG `actual` (a Buffer) with tests/e2e/screenshots/`name`.png. Returns null
 * when they match (or the image was rewritten), else a message naming the difference and
 * the files written under test-results/screenshots/.
 */
export function compareScreenshot(name, actual) {
  const expectedPath = `${expectedDir}${name}.png`;
  if (updating) {
    mkdirSync(expectedDir, { recursive: true });
    writeFileSync(expectedPath, actual);
    return null;
  }
  mkdirSync(resultsDir, { recursive: true });
  const actualPath = `${resultsDir}${name}.actual.png`;
  if (!existsSync(expectedPath)) {
    writeFileSync(actualPath, actual);
    return `${name}: no committed image ${rel(expectedPath)} (actual: ${rel(actualPath)}; UPDATE_SCREENSHOTS=1 writes it)`;
  }
  const a = PNG.sync.read(actual);
  const e = PNG.sync.read(readFileSync(expectedPath));
  if (a.width !== e.width || a.height !== e.height) {
    writeFileSync(actualPath, actual);
    return `${name}: size ${a.width}×${a.height}, expected ${e.width}×${e.height} (actual: ${rel(actualPath)})`;
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const differing = pixelmatch(e.data, a.data, diff.data, a.width, a.height, { threshold: THRESHOLD, includeAA: false });
  const allowed = Math.floor(a.width * a.height * MAX_DIFF_RATIO);
  if (differing <= allowed) return null;
  const diffPath = `${resultsDir}${name}.diff.png`;
  writeFileSync(actualPath, actual);
  writeFileSync(diffPath, PNG.sync.write(diff));
  return `${name}: ${differing} pixels differ (at most ${allowed} may); actual: ${rel(actualPath)}, diff: ${rel(diffPath)}`;
}
