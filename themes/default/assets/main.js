// playbook theme: menu, dark mode, role filter, table-of-contents
// highlighting, content tabs and printing folded callouts open. Plain JS;
// pages work without it.
(function () {
  "use strict";
  var doc = document.documentElement;
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { if (v === null) localStorage.removeItem(k); else localStorage.setItem(k, v); } catch (e) {} }
  };

  function effectiveTheme() {
    var t = doc.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function initTheme() {
    var btn = document.querySelector(".theme-btn");
    if (!btn) return;
    var sync = function () { btn.setAttribute("aria-pressed", effectiveTheme() === "dark" ? "true" : "false"); };
    sync();
    btn.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      doc.setAttribute("data-theme", next);
      store.set("pb-theme", next);
      sync();
    });
    window.addEventListener("storage", function (e) {
      if (e.key === "pb-theme" && e.newValue) { doc.setAttribute("data-theme", e.newValue); sync(); }
    });
  }

  // The phone menu is a modal panel: the page behind does not scroll,
  // a click beside it or Escape closes it, Tab cycles inside it.
  function initMenu() {
    var btn = document.querySelector(".menu-btn");
    var nav = document.getElementById("sidebar");
    if (!btn || !nav) return;
    var isOpen = function () { return nav.classList.contains("open"); };
    var set = function (open) {
      nav.classList.toggle("open", open);
      doc.classList.toggle("menu-open", open);
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      var cur = nav.querySelector("[aria-current=page]") || nav.querySelector("a");
      if (open && cur) { cur.focus(); cur.scrollIntoView({ block: "nearest" }); }
    };
    btn.addEventListener("click", function () { set(!isOpen()); });
    nav.addEventListener("click", function (e) { if (e.target.closest("a")) set(false); });
    addEventListener("pageshow", function () { set(false); });
    document.addEventListener("click", function (e) {
      if (isOpen() && !nav.contains(e.target) && !btn.contains(e.target)) { e.preventDefault(); e.stopPropagation(); set(false); }
    }, true);
    document.addEventListener("keydown", function (e) {
      if (!isOpen()) return;
      if (e.key === "Escape") { set(false); btn.focus(); }
      if (e.key !== "Tab") return;
      var f = [btn].concat([].filter.call(nav.querySelectorAll("a"), function (a) { return a.getClientRects().length; }));
      e.preventDefault();
      f[(f.indexOf(document.activeElement) + (e.shiftKey ? f.length - 1 : 1)) % f.length].focus();
    });
  }

  function initRole() {
    var sel = document.getElementById("role-select");
    if (!sel) return;
    var apply = function (role) {
      // The checklist script reads the role for its totals.
      if (role) doc.setAttribute("data-role", role); else doc.removeAttribute("data-role");
      document.dispatchEvent(new Event("playbook:role"));
      var items = document.querySelectorAll("[data-audience]");
      for (var i = 0; i < items.length; i++) {
        var roles = items[i].getAttribute("data-audience").split(" ");
        items[i].classList.toggle("role-hidden", !!role && roles.indexOf(role) < 0);
      }
    };
    var saved = store.get("pb-role") || "";
    if (saved && sel.querySelector('option[value="' + saved.replace(/[^\w-]/g, "") + '"]')) sel.value = saved;
    apply(sel.value);
    sel.addEventListener("change", function () { store.set("pb-role", sel.value || null); apply(sel.value); });
  }

  function initTOC() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    var heads = [];
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var h = document.getElementById(id);
      if (h) { byId[id] = links[i]; heads.push(h); }
    }
    var visible = {};
    var mark = function () {
      var current = null;
      for (var i = 0; i < heads.length; i++) {
        if (visible[heads[i].id]) { current = heads[i].id; break; }
      }
      if (!current) {
        // Nothing in view: keep the last heading above the viewport.
        for (var j = 0; j < heads.length; j++) {
          if (heads[j].getBoundingClientRect().top < 80) current = heads[j].id;
        }
      }
      for (var k in byId) byId[k].classList.toggle("current", k === current);
    };
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { visible[e.target.id] = e.isIntersecting; });
      mark();
    }, { rootMargin: "-60px 0px -55% 0px" });
    heads.forEach(function (h) { obs.observe(h); });
  }

  // Content tabs: each .tabs set of .tab-panel gets a tab list (WAI-ARIA
  // tabs, the panel follows focus). Without it every panel shows with its
  // label, as on paper. Ids hold ":", which no heading id does.
  function initTabs() {
    var sets = document.querySelectorAll(".tabs");
    for (var i = 0; i < sets.length; i++) makeTabs(sets[i], "tabs:" + i + ":");
  }

  function makeTabs(set, id) {
    var panels = [].filter.call(set.children, function (c) { return c.classList.contains("tab-panel"); });
    var list = document.createElement("div"), tabs = [], cur = 0;
    var select = function (k, focus) {
      tabs.forEach(function (b, j) {
        b.setAttribute("aria-selected", j === k);
        b.tabIndex = j === k ? 0 : -1;
        panels[j].hidden = j !== k;
      });
      cur = k;
      if (focus) tabs[k].focus();
    };
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    panels.forEach(function (p, k) {
      var b = document.createElement("button"), label = p.querySelector(":scope > .tab-label");
      b.type = "button";
      b.id = id + k;
      b.setAttribute("role", "tab");
      b.setAttribute("aria-controls", p.id = id + k + ":panel");
      b.textContent = (label && label.textContent.trim()) || "Tab " + (k + 1);
      b.onclick = function () { select(k); };
      p.setAttribute("role", "tabpanel");
      p.setAttribute("aria-labelledby", b.id);
      p.tabIndex = 0;
      if (p.classList.contains("tab-selected")) cur = k;
      tabs.push(list.appendChild(b));
    });
    list.onkeydown = function (e) {
      var n = tabs.length, k = { ArrowRight: cur + 1, ArrowLeft: cur + n - 1, Home: 0, End: n - 1 }[e.key];
      if (k === undefined) return;
      e.preventDefault();
      select(k % n, true);
    };
    set.insertBefore(list, set.firstChild);
    set.classList.add("tabs-on");
    if (tabs.length) select(cur);
  }

  // Folded callouts print open: print CSS does it in Chromium, this in
  // the browsers without ::details-content.
  function initPrint() {
    var opened = [];
    addEventListener("beforeprint", function () {
      opened = [].slice.call(document.querySelectorAll("details:not([open])"));
      opened.forEach(function (d) { d.open = true; });
    });
    addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () { initTheme(); initMenu(); initRole(); initTOC(); initTabs(); initPrint(); });
})();
