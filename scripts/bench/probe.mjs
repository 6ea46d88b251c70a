// The in-page probe, the same for every page: added with page.addInitScript, so it runs before
// any of the page's own scripts and costs no request.
//
// `targets` maps a name to `{ path, opaque }`: `path` lists CSS selectors, each one searched in
// the shadow root of the previous match (the first in the document), e.g. ['#noren', '.banner'].
// A target is drawn once it is rendered — Element.checkVisibility with opacity and visibility,
// so display:none, visibility:hidden and opacity 0 on it or on any ancestor (shadow hosts
// included) count as not drawn — and its box is not empty and lies at least partly in the
// viewport; with `opaque`, also once its opacity times its ancestors' is 1 (a fade-in is over).
//
// When: every frame, a ResizeObserver is made to observe the root element afresh, so its callback
// runs in that frame's rendering update after every requestAnimationFrame callback (the page's
// too) and after style and layout, just before paint. There the probe checks each target not
// yet drawn, and notes performance.now(): that frame is the first to paint the target, and the
// screen shows it when the frame is presented, within about one frame (16.7 ms) — whatever the
// main thread does next, as the compositor presents it. When every target is drawn, the probe
// logs `__bench <json>` on the console, which the harness listens for (nothing polls the page
// from outside, which would add script time of its own).

/** Watches `targets` until each is drawn, then logs their times (see above). */
export function probe(targets) {
  if (window.top !== window) return; // the IAB locator frames
  const seen = {};
  const pending = new Set(Object.keys(targets));

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
  const opacity = (element) => {
    let product = 1;
    for (let e = element; e; e = e.parentElement || (e.parentNode && e.parentNode.host)) {
      product *= Number(getComputedStyle(e).opacity);
    }
    return product;
  };
  const drawn = (element, opaque) => {
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth && (!opaque || opacity(element) >= 0.999);
  };

  const beforePaint = new ResizeObserver(() => {
    const now = performance.now();
    for (const name of pending) {
      const element = find(targets[name].path);
      if (element && drawn(element, targets[name].opaque)) {
        seen[name] = now;
        pending.delete(name);
      }
    }
    if (!pending.size) {
      beforePaint.disconnect();
      console.debug('__bench ' + JSON.stringify(seen));
    }
  });
  const frame = () => {
    if (!pending.size) return;
    const root = document.documentElement;
    if (root) {
      beforePaint.unobserve(root);
      beforePaint.observe(root); // a new observation is reported in this frame
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
