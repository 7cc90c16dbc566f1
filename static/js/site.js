/*
 * Temperatur: marks that JavaScript runs (removes html.no-js) and starts Det Fælles
 * Designsystem's components (mobile menu, accordions…) once the page is parsed. A static
 * file, loaded without defer so the class goes before the first paint; no inline script, so
 * it works under a strict Content Security Policy.
 */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  });
})();
