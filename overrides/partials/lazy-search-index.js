// Material for MkDocs downloads the whole search index (the text of every lesson) as soon as any page loads, and
// parses it on the main thread while the page is becoming usable. Most readers of a lesson never search, so this
// holds that one request until the reader first opens search: focuses the search box (by click, Tab, or
// Material's "/", "s" and "f" keys, which focus it) or opens it with the search button on a small screen.
// Material shows "Initializing search" meanwhile. Every other request passes through untouched, and should
// Material ever rename the index, it simply loads on every page again.
(function () {
  "use strict";

  var INDEX_PATH = /\/search\/search_index\.json$/;
  var originalOpen = XMLHttpRequest.prototype.open;
  var originalSend = XMLHttpRequest.prototype.send;
  var held = [];
  var released = false;

  function isIndexRequest(url) {
    try {
      return INDEX_PATH.test(new URL(String(url), window.location.href).pathname);
    } catch (error) {
      return false;
    }
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.cleHoldUntilSearch = isIndexRequest(url);
    return originalOpen.apply(this, arguments);
  };

  XMLHttpRequest.prototype.send = function () {
    if (this.cleHoldUntilSearch && !released) {
      held.push({ request: this, body: arguments });
      return;
    }
    return originalSend.apply(this, arguments);
  };

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (entry) {
      originalSend.apply(entry.request, entry.body);
    });
  }

  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest('form[name="search"]')) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search") release();
  });
})();
