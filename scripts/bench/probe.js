// Benchmark probe: records when the notice first is on screen (a frame after it appears).
window.probe = {
  visibleAt: null,
  watch: function (find) {
    (function check() {
      if (find()) {
        requestAnimationFrame(function () { window.probe.visibleAt = performance.now(); });
      } else {
        requestAnimationFrame(check);
      }
    })();
  },
};
