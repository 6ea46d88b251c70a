// The demo site's own script (not held): reports when the held pixel and video have loaded.
document.addEventListener('load', function (e) {
  var t = e.target;
  if (t && t.getAttribute && t.getAttribute('data-consent') && t.getAttribute('src')) {
    window.demoMark(t.getAttribute('data-service'));
  }
}, true);
