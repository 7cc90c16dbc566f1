/*
 * Temperatur: marks that JavaScript runs (removes html.no-js) and starts Det Fælles
 * Designsystem's components (mobile menu, accordions…) once the page is parsed. A static
 * file, loaded without defer so the class goes before the first paint; no inline script, so
 * it works under a strict Content Security Policy.
 */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");

  // The filter forms (.filter-disclosure) fold behind »Filtrér« on small screens and are
  // always open from DKFDS's lg breakpoint (992 px), where site.css hides the button.
  var wide = window.matchMedia("(min-width: 992px)");
  function unfoldFilters() {
    var forms = document.querySelectorAll("details.filter-disclosure");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (wide.matches && !form.open) {
        form.open = true;
        form.setAttribute("data-opened-wide", "");
      } else if (!wide.matches && form.hasAttribute("data-opened-wide")) {
        // Back on a small screen: fold again what only the wide screen opened.
        form.open = false;
        form.removeAttribute("data-opened-wide");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    unfoldFilters();
    if (typeof wide.addEventListener === "function") {
      wide.addEventListener("change", unfoldFilters);
    }
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  });
})();
