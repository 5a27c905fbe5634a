/* Every data table sits in a box of its own that scrolls sideways, so a wide table never widens
   the page on a phone (phone.css keeps the table's first column in view while it scrolls), and a
   column holding only figures is right-aligned so the figures line up.  Run from base.html on
   every page; a table a template already wrapped (.table-wrap, .table-scroll) is not wrapped twice, and cells a
   template marked .num keep their mark. */
(function () {
  "use strict";
  var FIGURE = /^[-+\u2212]?\d[\d,]*(\.\d+)?\s*%?$/;
  var BLANK = /^(\u2014|-|\u2013|\u6682\u65e0)?$/; // empty, a dash or 暂无 says nothing about the column

  function wrap(table) {
    var parent = table.parentElement;
    if (!parent || parent.classList.contains("table-wrap") || parent.classList.contains("table-scroll")) return;
    var box = document.createElement("div");
    box.className = "table-wrap";
    parent.insertBefore(box, table);
    box.appendChild(table);
  }

  function plainRows(rows) {
    return Array.prototype.filter.call(rows, function (row) {
      return !Array.prototype.some.call(row.cells, function (c) { return c.colSpan > 1 || c.rowSpan > 1; });
    });
  }

  function alignFigures(table) {
    var rows = plainRows(table.querySelectorAll(":scope > tbody > tr"));
    var figures = [], others = [];
    rows.forEach(function (row) {
      for (var i = 1; i < row.cells.length; i++) {
        var cell = row.cells[i], text = cell.textContent.trim();
        if (BLANK.test(text)) continue;
        var isFigure = FIGURE.test(text) && !cell.querySelector("input, select, textarea, button");
        if (isFigure) figures[i] = (figures[i] || 0) + 1; else others[i] = (others[i] || 0) + 1;
      }
    });
    var heads = plainRows(table.querySelectorAll(":scope > thead > tr"));
    figures.forEach(function (count, i) {
      if (!count || others[i]) return;
      rows.concat(heads).forEach(function (row) {
        if (row.cells[i]) row.cells[i].classList.add("num");
      });
    });
  }

  function run() {
    var tables = document.querySelectorAll("table.data");
    for (var i = 0; i < tables.length; i++) {
      wrap(tables[i]);
      alignFigures(tables[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
