// The in-page probe, the same for every page: added with page.addInitScript, so it runs before
// any of the page's own scripts and costs no request.
//
// `targets` maps a name to a path of CSS selectors, each one searched in the shadow root of the
// previous match (the first in the document): { page: ['h1'], notice: ['#noren', '.banner'] }.
// Every animation frame (requestAnimationFrame, before the frame's style, layout and paint) it
// checks each target not yet seen: it is seen once it is rendered — Element.checkVisibility with
// opacity and visibility (so display:none, visibility:hidden, opacity 0 on it or any ancestor,
// shadow hosts included, all count as not shown) — and its box is not empty and lies at least
// partly in the viewport. Its time is taken in the next frame's callback, that is once the frame
// that first drew it has been produced. When every target has been seen, it logs
// `__bench <json>` on the console, which the harness listens for (nothing polls the page from
// outside, which would add script time of its own).
export function probe(targets) {
  if (window.top !== window) return; // the IAB locator frames
  const seen = {};

  const find = (path) => {
    let scope = document;
    let element = null;
    for (const selector of path) {
      element = scope && scope.querySelector(selector);
      if (!element) return null;
      scope = element.shadowRoot;
    }
    return element;
  };
  const shown = (element) => {
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth;
  };

  const pending = new Set(Object.keys(targets));
  const frame = () => {
    const drawn = [...pending].filter((name) => {
      const element = find(targets[name]);
      return element && shown(element);
    });
    for (const name of drawn) pending.delete(name);
    requestAnimationFrame(() => {
      const now = performance.now();
      for (const name of drawn) seen[name] = now;
      if (pending.size) frame();
      else console.debug('__bench ' + JSON.stringify(seen));
    });
  };
  requestAnimationFrame(frame);
}
