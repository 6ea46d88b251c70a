// A stand-in for an ad tag that reads the IAB signals: it runs right after the loader (the
// module is not there yet: the stubs queue its calls) and shows what it hears.
(function () {
  function show(id, text) {
    var put = function () { document.getElementById(id).textContent = text; };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', put);
    else put();
  }
  window.__tcfapi('addEventListener', 2, function (tcData, success) {
    if (!success) return;
    show('tcf-event', tcData.eventStatus);
    show('tcf-string', tcData.tcString);
  });
  window.__gpp('addEventListener', function (event) {
    show('gpp-signal', event.pingData.signalStatus);
    show('gpp-string', event.pingData.gppString || 'none yet');
  });
})();
