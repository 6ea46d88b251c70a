// Demo helper for the stand-in tags: shows on the page that a tag ran, and records it.
window.demoMark = function (name) {
  (window.demoRan = window.demoRan || []).push(name);
  var el = document.querySelector('[data-status="' + name + '"]');
  if (el) { el.textContent = el.getAttribute('data-on') || 'ran'; el.className = 'on'; }
};
