/* The plan review page (plans/plan_review.html).
   A static file, not inline script, so the Content-Security-Policy can forbid inline scripts.
   The pages work without it (one form, every button submits it); this adds: counts that follow
   the ticks, a warning before leaving unsaved edits, confirmations naming what is dropped, a
   filter for the merge page's list, sections that open where the reader jumps, and 全选 for
   the suggested tasks. */
(function () {
  "use strict";
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  // --- the merge page: type to narrow the list, and say what will be merged into what ---
  all("input[data-merge-filter]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-merge-filter"));
    if (!select) { return; }
    var chosen = document.querySelector("[data-merge-chosen]");
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      all("option", select).forEach(function (opt) {
        opt.hidden = !!words && opt.textContent.toLowerCase().indexOf(words) === -1;
      });
      all("optgroup", select).forEach(function (group) {
        group.hidden = all("option", group).every(function (opt) { return opt.hidden; });
      });
      var current = select.options[select.selectedIndex];
      if (current && current.hidden) { select.selectedIndex = -1; select.dispatchEvent(new Event("change")); }
    });
    select.addEventListener("change", function () {
      var opt = select.options[select.selectedIndex];
      if (!chosen) { return; }
      chosen.hidden = !opt;
      chosen.textContent = opt ? "将合并到：" + opt.textContent : "";
    });
  });

  var form = document.getElementById("review-form");
  if (!form) { return; }
  var dirty = false;
  var submitting = false;
  var storeKey = "kechuang-review-open:" + window.location.pathname;

  // --- what is left to check, per section and in total ---
  function updateCounts() {
    var boxes = all("input[data-reviewed]", form);
    var left = boxes.filter(function (b) { return !b.checked; }).length;
    all("[data-left]").forEach(function (el) { el.textContent = String(left); });
    var bySection = {};
    boxes.forEach(function (b) {
      var key = b.getAttribute("data-section");
      bySection[key] = (bySection[key] || 0) + (b.checked ? 0 : 1);
      var item = b.closest("details.review-item");
      if (item) { item.classList.toggle("is-reviewed", b.checked); }
      var link = document.querySelector('[data-nav-for="' + (item ? item.id.slice(4) : "") + '"]');
      if (link) { link.classList.toggle("done", b.checked); }
    });
    Object.keys(bySection).forEach(function (key) {
      all('[data-left-of="' + key + '"]').forEach(function (el) {
        el.textContent = bySection[key] ? bySection[key] + " 项未核对" : "已核对";
      });
    });
  }

  function updateSelection() {
    var n = all("input[data-select]:checked", form).length;
    all("[data-selected]").forEach(function (el) { el.textContent = String(n); });
    all("button[data-bulk-drop]").forEach(function (b) { b.disabled = n === 0; });
  }

  // --- suggested tasks: 全选, a count on the button, a row ticked when its fields are filled in ---
  function updateSuggestions() {
    var boxes = all("input[data-suggest]", form);
    var n = boxes.filter(function (b) { return b.checked; }).length;
    all("[data-suggest-count]").forEach(function (el) { el.textContent = String(n); });
    all("button[data-accept-suggestions]").forEach(function (b) { b.disabled = n === 0; });
    all("input[data-suggest-all]", form).forEach(function (box) {
      box.checked = n > 0 && n === boxes.length;
      box.indeterminate = n > 0 && n < boxes.length;
    });
  }

  all("input[data-suggest-all]", form).forEach(function (box) {
    box.addEventListener("change", function () {
      all("input[data-suggest]", form).forEach(function (b) { b.checked = box.checked; });
      updateSuggestions();
    });
  });
  all("[data-suggest-field]", form).forEach(function (field) {
    field.addEventListener("change", function () {
      var row = field.closest("tr");
      var box = row && row.querySelector("input[data-suggest]");
      if (box && !box.checked) { box.checked = true; updateSuggestions(); }
    });
  });

  function markDirty(event) {
    var t = event.target;
    if (!t || t.hasAttribute("data-select") || t.hasAttribute("data-suggest") || t.hasAttribute("data-suggest-all")) { return; }
    if (!dirty) {
      dirty = true;
      document.body.classList.add("review-dirty");
      all(".dirty-note").forEach(function (el) { el.hidden = false; });
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-reviewed")) { updateCounts(); }
    if (event.target.hasAttribute("data-select")) { updateSelection(); }
    if (event.target.hasAttribute("data-suggest")) { updateSuggestions(); }
    markDirty(event);
  });
  form.addEventListener("input", markDirty);

  // A tick inside a summary must not fold the entry it belongs to.
  all("details.review-item > summary label").forEach(function (label) {
    label.addEventListener("click", function (event) { event.stopPropagation(); });
  });

  // --- confirmations that name what is dropped (a merge is confirmed on its own page) ---
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = "";
    if (button && button.hasAttribute("data-drop-one")) {
      question = "确定删除“" + button.getAttribute("data-name") + "”？删除后可在页面下方撤销。";
    } else if (button && button.hasAttribute("data-bulk-drop")) {
      var picked = all("input[data-select]:checked", form).map(function (b) {
        var item = b.closest("details.review-item");
        var name = item && item.querySelector(".item-name");
        return name ? "“" + name.firstChild.textContent.trim() + "”" : "";
      });
      if (!picked.length) { event.preventDefault(); return; }
      question = "确定删除所选 " + picked.length + " 项指标？\n" + picked.slice(0, 10).join("、") + (picked.length > 10 ? " 等" : "") + "\n删除后可在页面下方撤销。";
    } else if (button && button.hasAttribute("data-accept-suggestions")) {
      var n = all("input[data-suggest]:checked", form).length;
      if (!n) { event.preventDefault(); return; }
      question = "确定把所选 " + n + " 项建议采纳为任务？采纳后列入重点任务，不能在本页撤销。";
    }
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    submitting = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- sections: open where the reader jumps, remember what they opened ---
  function openAround(id) {
    var el = id && document.getElementById(id);
    if (!el) { return; }
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    return el;
  }

  function remember() {
    try {
      var open = all("details.review-section").filter(function (d) { return d.open; }).map(function (d) { return d.id; });
      window.sessionStorage.setItem(storeKey, JSON.stringify(open));
    } catch (e) { /* storage may be off: nothing to remember then */ }
  }

  try {
    var saved = JSON.parse(window.sessionStorage.getItem(storeKey) || "null");
    if (saved && !document.querySelector("details.review-item.has-errors")) {
      saved.forEach(function (id) { openAround(id); });
    }
  } catch (e) { /* ignore */ }

  function jump() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = openAround(id);
    if (el) { el.scrollIntoView({ block: "start" }); }
  }
  window.addEventListener("hashchange", jump);
  if (window.location.hash) { jump(); }

  all("details.review-section").forEach(function (d) { d.addEventListener("toggle", remember); });
  all('a[href^="#"]').forEach(function (a) {
    a.addEventListener("click", function () {
      var id = a.getAttribute("href").slice(1);
      if (id === window.location.hash.slice(1)) { jump(); }
    });
  });

  all("[data-open-all]").forEach(function (b) {
    b.addEventListener("click", function () { all("details.review-section").forEach(function (d) { d.open = true; }); });
  });
  all("[data-close-all]").forEach(function (b) {
    b.addEventListener("click", function () { all("details.review-section, details.review-item").forEach(function (d) { d.open = false; }); });
  });

  // On a narrow screen the side list would push the entries down: fold it.
  var nav = document.querySelector(".review-nav details");
  if (nav && window.matchMedia && window.matchMedia("(max-width: 900px)").matches) { nav.open = false; }

  updateCounts();
  updateSelection();
  updateSuggestions();
})();
