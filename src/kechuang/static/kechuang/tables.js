/* Every data table sits in a box of its own that scrolls sideways, so a wide table never widens
   the page on a phone; phone.css keeps the table's first column in view while it scrolls.
   Run from base.html on every page; a table a template already wrapped in .table-wrap is left alone. */
(function () {
  "use strict";
  function wrapTables() {
    var tables = document.querySelectorAll("table.data");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      var parent = table.parentElement;
      if (!parent || parent.classList.contains("table-wrap")) continue;
      var box = document.createElement("div");
      box.className = "table-wrap";
      parent.insertBefore(box, table);
      box.appendChild(table);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wrapTables);
  } else {
    wrapTables();
  }
})();
