// playbook checklists: ticks persist in localStorage (one key per site,
// namespaced by baseURL), sync across tabs, roll up into page, section and
// home progress, and travel as a JSON export. Text never goes into
// innerHTML. The only global is window.playbook.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "playbook:" + (root.getAttribute("data-site") || location.host) + ":progress";
  var FORMAT = "playbook-progress";

  function load() {
    try {
      var v = JSON.parse(localStorage.getItem(KEY) || "{}");
      return v && typeof v.pages === "object" && v.pages ? v : { pages: {} };
    } catch (e) { return { pages: {} }; }
  }
  function save(data) {
    try { localStorage.setItem(KEY, JSON.stringify(data)); } catch (e) {}
  }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }

  // Page checklist --------------------------------------------------------
  var article = document.querySelector("article[data-tasks]");
  var pageURL = article && article.getAttribute("data-url");

  function boxes() { return $$("input.task-box", article); }
  function childBoxes(box) {
    var li = box.closest("li");
    return li ? $$(":scope ul.checklist input.task-box", li) : [];
  }
  function isLeaf(box) { return childBoxes(box).length === 0; }

  // Parents follow their sub-items: ticked when all are, mixed when some.
  function rollUp() {
    boxes().reverse().forEach(function (b) {
      var kids = childBoxes(b);
      if (!kids.length) return;
      var done = kids.filter(function (k) { return k.checked; }).length;
      b.checked = done === kids.length;
      b.indeterminate = done > 0 && done < kids.length;
    });
  }

  function counts() {
    var leaves = boxes().filter(isLeaf);
    return {
      t: leaves.length,
      d: leaves.filter(function (b) { return b.checked; }).length,
      d0: leaves.filter(function (b) { return b.hasAttribute("data-default"); }).length
    };
  }

  function applyStored() {
    var entry = load().pages[pageURL];
    var states = (entry && entry.s) || {};
    boxes().forEach(function (b) {
      var id = b.getAttribute("data-task");
      b.checked = Object.prototype.hasOwnProperty.call(states, id) ? !!states[id] : b.hasAttribute("data-default");
    });
    rollUp();
    showPage();
  }

  function persist() {
    var data = load();
    var states = {};
    boxes().filter(isLeaf).forEach(function (b) {
      if (b.checked !== b.hasAttribute("data-default")) states[b.getAttribute("data-task")] = b.checked ? 1 : 0;
    });
    var c = counts();
    if (Object.keys(states).length) data.pages[pageURL] = { s: states, t: c.t, d: c.d, d0: c.d0 };
    else delete data.pages[pageURL];
    save(data);
  }

  function showPage() {
    var c = counts();
    $$(".progress[data-scope='page']").forEach(function (p) { setBar(p, c.d, c.t); });
  }

  function setBar(el, done, total) {
    var bar = el.querySelector("progress");
    var text = el.querySelector(".progress-text");
    if (bar) { bar.max = total || 1; bar.value = done; }
    if (text) text.textContent = done + " of " + total + " done";
    el.classList.toggle("complete", total > 0 && done >= total);
  }

  // Roll-up on section, curriculum and home pages ------------------------
  // An entry covers every page whose URL starts with its own: its count is
  // the built-in default plus what the reader changed on those pages.
  // The page being read counts as its boxes show, stored or not.
  function showEntries() {
    var pages = load().pages;
    if (article) {
      var c = counts();
      pages[pageURL] = { d: c.d, d0: c.d0 };
    }
    $$("[data-progress-key]").forEach(function (el) {
      var key = el.getAttribute("data-progress-key");
      var total = +el.getAttribute("data-total") || 0;
      var done = +el.getAttribute("data-done") || 0;
      var exact = el.getAttribute("data-exact") === "true";
      Object.keys(pages).forEach(function (url) {
        if (url === key || (!exact && url.indexOf(key) === 0)) {
          var p = pages[url];
          done += (+p.d || 0) - (+p.d0 || 0);
        }
      });
      setBar(el, Math.max(0, Math.min(done, total)), total);
    });
  }

  // Export and import ----------------------------------------------------
  function exportJSON() {
    var doc = { format: FORMAT, version: 1, site: root.getAttribute("data-site") || "", exported: new Date().toISOString(), pages: load().pages };
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
    a.download = "playbook-progress.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  // validate returns {pages, rejected}: what can be imported and why the
  // rest cannot.
  function validate(doc) {
    var out = { pages: {}, rejected: [] };
    if (!doc || doc.format !== FORMAT || doc.version !== 1 || typeof doc.pages !== "object" || !doc.pages) {
      out.rejected.push("not a playbook progress file (format " + FORMAT + ", version 1)");
      return out;
    }
    Object.keys(doc.pages).forEach(function (url) {
      var p = doc.pages[url];
      if (url.charAt(0) !== "/" || !p || typeof p.s !== "object" || !p.s) { out.rejected.push(url + ": not a page entry"); return; }
      var s = {}, bad = 0;
      Object.keys(p.s).forEach(function (id) {
        if (/^task-[a-z0-9]+(-\d+)?$/.test(id) && (p.s[id] === 0 || p.s[id] === 1)) s[id] = p.s[id]; else bad++;
      });
      if (bad) out.rejected.push(url + ": " + bad + " invalid item" + (bad == 1 ? "" : "s"));
      var n = function (x) { return typeof x === "number" && x >= 0 && x < 1e6 ? x : 0; };
      out.pages[url] = { s: s, t: n(p.t), d: n(p.d), d0: n(p.d0) };
    });
    return out;
  }

  function importFile(file, status) {
    var reader = new FileReader();
    reader.onload = function () {
      var doc;
      try { doc = JSON.parse(reader.result); } catch (e) { status.textContent = "Import failed: the file is not JSON."; return; }
      var v = validate(doc);
      var n = Object.keys(v.pages).length;
      if (n) {
        var data = load();
        Object.keys(v.pages).forEach(function (u) { data.pages[u] = v.pages[u]; });
        save(data);
        refresh();
      }
      status.textContent = "Imported " + n + (n == 1 ? " page." : " pages.") + (v.rejected.length ? " Rejected: " + v.rejected.join("; ") + "." : "");
    };
    reader.readAsText(file);
  }

  function reset() {
    if (!window.confirm("Clear every tick on this page?")) return;
    var data = load();
    delete data.pages[pageURL];
    save(data);
    refresh();
  }

  function refresh() {
    if (article) applyStored();
    showEntries();
  }

  function init() {
    if (article) {
      article.addEventListener("change", function (e) {
        var b = e.target;
        if (!b.classList || !b.classList.contains("task-box")) return;
        childBoxes(b).forEach(function (k) { k.checked = b.checked; });
        rollUp();
        persist();
        // Every roll-up on the page moves with the tick: the page's own
        // count, and the section, curriculum or home totals that hold it.
        showPage();
        showEntries();
      });
    }
    $$(".progress-tools").forEach(function (tools) {
      tools.hidden = false;
      var status = tools.querySelector(".progress-status");
      var on = function (sel, ev, fn) { var el = tools.querySelector(sel); if (el) el.addEventListener(ev, fn); };
      on(".progress-reset", "click", reset);
      on(".progress-export", "click", exportJSON);
      on(".progress-import", "change", function (e) {
        if (e.target.files && e.target.files[0]) importFile(e.target.files[0], status);
        e.target.value = "";
      });
    });
    window.addEventListener("storage", function (e) { if (e.key === KEY) refresh(); });
    refresh();
  }

  window.playbook = window.playbook || {};
  window.playbook.checklists = { validate: validate, key: KEY, refresh: refresh };
  if (document.readyState !== "loading") init(); else document.addEventListener("DOMContentLoaded", init);
})();
