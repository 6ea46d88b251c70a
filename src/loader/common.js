// What every part of the loader shares: the window, the document, the console tag, the
// page's natives captured before any other tag can replace them, this script tag, and the
// module once it has started.
export var w = window;
export var d = document;
export var TAG = '[noren]';
// Pages may have replaced Array methods (old libraries did): plain loops only.
export function each(list, f) { for (var i = 0; i < list.length; i++) f(list[i], i); }
export function has(list, x) { for (var i = 0; i < list.length; i++) if (list[i] === x) return true; return false; }
export var parseJSON = JSON.parse;
export var stringify = JSON.stringify;
export var nativeSet = Element.prototype.setAttribute;
export var me = d.currentScript;
export var base = (me && me.src) || d.baseURI;
// The module's API once it has started (null before, and after a failed start).
export var api = null;
export function setApi(m) { api = m; }
