// Finding the system's Chrome or Chromium.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * The browser to drive: `explicit` when given (it must be executable), else /usr/bin/chromium,
 * else the first of chromium, chromium-browser, google-chrome, google-chrome-stable on PATH.
 * Returns null when there is none.
 */
export function findBrowser(explicit, path = process.env.PATH || '') {
  const runnable = (file) => {
    try { accessSync(file, constants.X_OK); return true; } catch { return false; }
  };
  if (explicit) return runnable(explicit) ? explicit : null;
  const candidates = ['/usr/bin/chromium', ...path.split(delimiter).filter(Boolean).flatMap((dir) => NAMES.map((n) => join(dir, n)))];
  return candidates.find(runnable) || null;
}
