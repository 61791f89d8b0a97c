// playbook checklists: ticks persist in localStorage (one key per site,
// namespaced by baseURL), sync across tabs, roll up into page, section and
// home progress, and travel as a JSON export. Text never goes into
// innerHTML. The only global is window.playbook.
(function () {
  "use strict";
  var root = document.documentElement;
  var SITE = root.getAttribute("data-site") || "";
  var KEY = "playbook:" + (SITE || location.host) + ":progress";
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
  function keys(a, b) { return Object.keys(Object.assign({}, a, b)); }

  // commit saves data, first stamping each leaf it changes with the time
  // (pages[url].at[id], ms) and then telling listeners, such as the
  // progress sync, with a playbook:tick event per leaf.
  function commit(data) {
    var before = load().pages, now = Date.now(), ticks = [];
    keys(before, data.pages).forEach(function (u) {
      var p = data.pages[u], a = (before[u] || {}).s || {};
      if (!p) return;
      var b = p.s, at = p.at = p.at || (before[u] || {}).at || {};
      keys(a, b).forEach(function (id) {
        if (a[id] === b[id]) return;
        at[id] = now;
        ticks.push({ page: u, item: id, done: id in b ? !!b[id] : !a[id], at: now });
      });
      if (!keys(b, at).length) delete data.pages[u];
    });
    save(data);
    ticks.forEach(function (t) { document.dispatchEvent(new CustomEvent("playbook:tick", { detail: t })); });
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
    var states = {}, text = {};
    boxes().filter(isLeaf).forEach(function (b) {
      var id = b.getAttribute("data-task");
      if (b.checked === b.hasAttribute("data-default")) return;
      states[id] = b.checked ? 1 : 0;
      text[id] = b.closest("li").querySelector(".task-text").textContent.trim();
    });
    var c = counts();
    // Title and text only make the export readable; ids are the keys.
    data.pages[pageURL] = { s: states, t: c.t, d: c.d, d0: c.d0, title: article.getAttribute("data-title") || "", text: text };
    commit(data);
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
  // The page being read counts as its boxes show, stored or not. With a
  // role chosen, data-roles holds the totals of the pages for it and the
  // pages to skip.
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
      var r = JSON.parse(el.getAttribute("data-roles") || "{}")[root.getAttribute("data-role")];
      if (r) { total = r.t; done = r.d; }
      Object.keys(pages).forEach(function (url) {
        if ((url === key || (!exact && url.indexOf(key) === 0)) && !(r && r.skip && r.skip.indexOf(url) >= 0)) {
          var p = pages[url];
          done += (+p.d || 0) - (+p.d0 || 0);
        }
      });
      setBar(el, Math.max(0, Math.min(done, total)), total);
    });
  }

  // Export and import ----------------------------------------------------
  // The file names each page and item beside its id: version 2 lists a
  // page's changed items with their text and state.
  function exportDoc() {
    var pages = load().pages, out = {};
    Object.keys(pages).forEach(function (u) {
      var p = pages[u], text = p.text || {};
      if (Object.keys(p.s).length) out[u] = { title: p.title || "", done: p.d, total: p.t, items: Object.keys(p.s).map(function (id) {
        return { id: id, text: text[id] || "", done: !!p.s[id] };
      }) };
    });
    return { format: FORMAT, version: 2, site: SITE, exported: new Date().toISOString(), pages: out };
  }

  function exportJSON() {
    var doc = exportDoc();
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
    a.download = "playbook-progress.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  // validate returns {pages, rejected}: what can be imported, in the
  // stored form, and why the rest cannot. Version 1 held ids only.
  function validate(doc) {
    var out = { pages: {}, rejected: [] }, v2 = doc && doc.version === 2;
    if (!doc || doc.format !== FORMAT || !(v2 || doc.version === 1) || typeof doc.pages !== "object" || !doc.pages) {
      out.rejected.push("not a playbook progress file (format " + FORMAT + ", version 1 or 2)");
      return out;
    }
    var n = function (x) { return typeof x === "number" && x >= 0 && x < 1e6 ? x : 0; };
    var str = function (x) { return typeof x === "string" ? x.slice(0, 500) : ""; };
    Object.keys(doc.pages).forEach(function (url) {
      var p = doc.pages[url], items = p && (v2 ? p.items : p.s);
      if (url.charAt(0) !== "/" || !items || typeof items !== "object" || v2 !== Array.isArray(items)) { out.rejected.push(url + ": not a page entry"); return; }
      if (!v2) items = Object.keys(items).map(function (id) { return { id: id, done: items[id] }; });
      var s = {}, text = {}, bad = 0, diff = 0;
      items.forEach(function (it) {
        var on = it && (it.done === true || it.done === 1) ? 1 : it && (it.done === false || it.done === 0) ? 0 : -1;
        if (on < 0 || !/^task-[a-z0-9]+(-\d+)?$/.test(it.id)) { bad++; return; }
        s[it.id] = on;
        text[it.id] = str(it.text);
        diff += on ? 1 : -1;
      });
      if (bad) out.rejected.push(url + ": " + bad + " invalid item" + (bad === 1 ? "" : "s"));
      var d = n(v2 ? p.done : p.d);
      // Only changed items are listed, so the default count is derived.
      out.pages[url] = { s: s, t: n(v2 ? p.total : p.t), d: d, d0: v2 ? Math.max(0, d - diff) : n(p.d0), title: str(p.title), text: text };
    });
    return out;
  }

  // merge adds imported pages to the stored ones. On an item both hold
  // with different states the stored one stays unless replace is set.
  function merge(data, pages, replace) {
    Object.keys(pages).forEach(function (u) {
      var mine = data.pages[u], p = pages[u];
      if (!mine) { data.pages[u] = p; return; }
      var s = replace ? Object.assign({}, mine.s, p.s) : Object.assign({}, p.s, mine.s);
      var d = mine.d0;
      Object.keys(s).forEach(function (id) { d += s[id] ? 1 : -1; });
      data.pages[u] = { s: s, t: mine.t, d: d, d0: mine.d0, title: mine.title || p.title, text: Object.assign({}, p.text, mine.text) };
    });
  }

  // conflicts counts the imported items whose state differs from a stored
  // one.
  function conflicts(data, pages) {
    var k = 0;
    Object.keys(pages).forEach(function (u) {
      var mine = data.pages[u] && data.pages[u].s, s = pages[u].s;
      if (mine) Object.keys(s).forEach(function (id) { if (id in mine && mine[id] !== s[id]) k++; });
    });
    return k;
  }

  function importFile(file, status) {
    var reader = new FileReader();
    reader.onload = function () {
      var doc;
      try { doc = JSON.parse(reader.result); } catch (e) { status.textContent = "Import failed: the file is not JSON."; return; }
      var v = validate(doc);
      var n = Object.keys(v.pages).length;
      if (doc && doc.site && SITE && doc.site !== SITE && !window.confirm("This file is from " + doc.site + ", not " + SITE + ". Import it anyway?")) {
        status.textContent = "Import cancelled: the file is from " + doc.site + ".";
        return;
      }
      var data = load(), k = conflicts(data, v.pages);
      var replace = k > 0 && window.confirm(k + " of your ticks differ in the file. Replace yours with the file's? Cancel keeps yours and adds the rest.");
      if (n) {
        merge(data, v.pages, replace);
        commit(data);
        refresh();
      }
      var many = function (x, w) { return x + " " + w + (x === 1 ? "" : "s"); };
      status.textContent = "Imported " + many(n, "page") + (k ? (replace ? ", replacing " : ", keeping ") + k + " of your ticks" : "") + "." + (v.rejected.length ? " Rejected: " + v.rejected.join("; ") + "." : "");
    };
    reader.readAsText(file);
  }

  function reset() {
    if (!window.confirm("Clear every tick on this page?")) return;
    boxes().forEach(function (b) { b.checked = b.hasAttribute("data-default"); });
    persist();
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
    document.addEventListener("playbook:role", showEntries);
    refresh();
  }

  window.playbook = window.playbook || {};
  window.playbook.checklists = { validate: validate, exportDoc: exportDoc, key: KEY, refresh: refresh, load: load, save: save };
  if (document.readyState !== "loading") init(); else document.addEventListener("DOMContentLoaded", init);
})();
