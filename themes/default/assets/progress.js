// playbook progress sync: loaded only on sites with a [progress] url. Ticks
// stay offline first: checklist.js keeps them in localStorage and announces
// each with a playbook:tick event; this script queues them, sends them to
// the progress service when the reader is signed in, and merges the
// service's ticks back item by item, the later tick winning. It adds a
// status and sign-in/out to the header. The ticks on this device belong to
// the person who last signed in here (the owner): another person signing
// in gets their own ticks from the service instead of the owner's. Text
// from the service never goes into innerHTML. The only global is
// window.playbook.
(function () {
  "use strict";
  var root = document.documentElement;
  var BASE = root.getAttribute("data-progress");
  var AUTH = root.getAttribute("data-progress-auth") === "proxy" ? "proxy" : "invitation";
  var checklists = window.playbook && window.playbook.checklists;
  if (!BASE || !checklists) return;
  var TOKEN = checklists.key + "-token", QUEUE = checklists.key + "-queue";
  // OWNER: the email of the person the device's ticks belong to; REFUSED:
  // ticks the service would not store, by page and item (see retry).
  var OWNER = checklists.key + "-owner", REFUSED = checklists.key + "-refused";
  var ROOT = (document.body && document.body.getAttribute("data-root")) || "/";

  function get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
  function set(k, v) {
    try { if (v == null) localStorage.removeItem(k); else localStorage.setItem(k, v); } catch (e) {}
  }
  function keyOf(t) { return t.page + " " + t.item; }

  // Events ---------------------------------------------------------------
  var listeners = { status: [], person: [] };
  var state = "signedout", reason = "", person; // person: undefined until known, then null or the person
  function emit(name, v) { listeners[name].forEach(function (fn) { try { fn(v); } catch (e) {} }); }
  function on(name, fn) {
    if (!listeners[name]) return;
    listeners[name].push(fn);
    if (name === "status") fn(state);
    else if (person !== undefined) fn(person);
  }
  // setStatus shows synced, syncing, offline (why: the error) or signedout.
  function setStatus(s, why) { state = s; reason = why || ""; show(); emit("status", s); }
  function setPerson(p) { person = p; show(); emit("person", p); }

  // The service ----------------------------------------------------------
  function token() { return AUTH === "invitation" ? get(TOKEN) || "" : ""; }

  // api calls the service and resolves to its parsed JSON (null for 204).
  // It rejects with an Error having .status (0 when the service cannot be
  // reached) and .retryAfter (seconds, on 429). A 401 signs the reader out.
  function api(method, path, body) {
    var headers = {}, init = { method: method, headers: headers, cache: "no-store", credentials: AUTH === "proxy" ? "include" : "omit" };
    if (token()) headers.Authorization = "Bearer " + token();
    if (body !== undefined) { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    return fetch(BASE + path.replace(/^\//, ""), init).then(function (r) {
      if (r.status === 204) return null;
      return r.json().catch(function () { return null; }).then(function (j) {
        if (r.ok) return j;
        var e = new Error((j && typeof j.error === "string" && j.error) || "the progress service answered " + r.status);
        e.status = r.status;
        e.retryAfter = +r.headers.get("Retry-After") || 0;
        if (r.status === 401) signedOut();
        throw e;
      });
    }, function () {
      var e = new Error(navigator.onLine === false ? "offline" : "the progress service cannot be reached");
      e.status = 0;
      throw e;
    });
  }

  var mePromise = null, proxyOut = false;
  function me() {
    if (!signedIn()) return Promise.reject(Object.assign(new Error("signed out"), { status: 401 }));
    if (!mePromise) {
      mePromise = api("GET", "api/me").then(function (j) { setPerson(j.person); return j.person; }, function (e) {
        mePromise = null;
        if (AUTH === "proxy" && (e.status === 401 || e.status === 403)) { proxyOut = true; setPerson(null); setStatus("signedout"); }
        throw e;
      });
    }
    return mePromise;
  }
  function signedIn() { return AUTH === "proxy" ? !proxyOut : !!token(); }

  // signedOut forgets the token; the ticks stay on this device. It makes
  // no request, so a 401 can never start a loop.
  function signedOut() {
    set(TOKEN, null);
    mePromise = null;
    if (AUTH === "proxy") proxyOut = true;
    clearTimeout(timer);
    if (person !== null) setPerson(null);
    setStatus("signedout");
  }

  // exchange trades an invitation code for a token and syncs; it resolves
  // to false when the reader chose not to. Someone else signing in
  // discards the ticks of the device's last person that never reached the
  // service (see adopt), so while there are any it asks first, before the
  // one-time code is used.
  function exchange(code) {
    var owner = get(OWNER), n = waiting();
    if (owner && n && !window.confirm(n + (n === 1 ? " tick on this device belongs to " + owner + " and has" : " ticks on this device belong to " + owner + " and have") +
        " not reached the progress service. Signing in as someone else discards " + (n === 1 ? "it" : "them") + ". Sign in?")) return Promise.resolve(false);
    return api("POST", "api/session", { invitation: code }).then(function (j) {
      set(TOKEN, j.token);
      mePromise = Promise.resolve(j.person);
      setPerson(j.person);
      return sync();
    });
  }

  function signIn() {
    if (AUTH === "proxy") {
      location.href = BASE + "api/signin?return=" + encodeURIComponent(location.href);
      return;
    }
    openDialog("");
  }

  // signOut first tries to send the queue; ticks still waiting would be
  // dropped if someone else signs in here next, so it asks before going on.
  // It resolves to whether the reader signed out.
  function signOut() {
    return (waiting() && signedIn() ? sync() : Promise.resolve()).then(function () {
      var n = waiting();
      if (n && signedIn() && !window.confirm(n + (n === 1 ? " tick has" : " ticks have") + " not reached the service yet; sign out anyway?")) return false;
      var done = function () { signedOut(); return true; };
      return token() ? api("DELETE", "api/session").then(done, done) : done();
    });
  }

  // The manifest ---------------------------------------------------------
  // checklists.json lists every page's items with their defaults, which
  // the store's counts need for pages that are not open.
  var manifestPromise = null;
  function manifest() {
    if (!manifestPromise) {
      manifestPromise = fetch(ROOT + "checklists.json", { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("checklists.json: " + r.status);
        return r.json();
      }).then(function (m) { return (m && m.pages) || {}; }, function (e) {
        manifestPromise = null;
        e.status = 0;
        throw e;
      });
    }
    return manifestPromise;
  }
  function itemOf(pages, t) {
    var p = pages[t.page], items = (p && p.items) || [];
    for (var i = 0; i < items.length; i++) if (items[i].id === t.item) return items[i];
    return null;
  }

  // Merging --------------------------------------------------------------
  // applyRemote merges ticks into the stored ones per item: the later tick
  // wins, and of two at the same time the done one (as on the service).
  // Items the site no longer has are left out. It re-renders when a state
  // changed and returns how many did.
  function applyRemote(ticks, pages) {
    var data = checklists.load(), changed = 0;
    (ticks || []).forEach(function (t) {
      var item = itemOf(pages, t);
      if (!item || typeof t.at !== "number") return;
      var info = pages[t.page], d0 = info.items.filter(function (i) { return i.default; }).length;
      var p = data.pages[t.page] || (data.pages[t.page] = { s: {}, t: info.items.length, d: d0, d0: d0, title: info.title || "", text: {} });
      var at = p.at || (p.at = {}), mine = at[t.item] || 0, def = !!item.default;
      var cur = t.item in p.s ? !!p.s[t.item] : def;
      if (t.at < mine || (t.at === mine && (cur || !t.done))) return;
      at[t.item] = t.at;
      if (cur === !!t.done) return;
      if (!!t.done === def) delete p.s[t.item];
      else { p.s[t.item] = t.done ? 1 : 0; (p.text || (p.text = {}))[t.item] = item.text || ""; }
      p.d = (+p.d || 0) + (t.done ? 1 : -1);
      changed++;
    });
    checklists.save(data);
    if (changed) checklists.refresh();
    return changed;
  }

  // localTicks lists every stored tick with its time (0 for ticks stored
  // before ticks had times) and its state.
  function localTicks(pages) {
    var data = checklists.load(), out = [];
    Object.keys(data.pages).forEach(function (u) {
      var p = data.pages[u], at = p.at || {};
      Object.keys(Object.assign({}, p.s, at)).forEach(function (id) {
        var t = { page: u, item: id, at: at[id] || 0 }, item = itemOf(pages, t);
        if (!item) return;
        t.done = id in p.s ? !!p.s[id] : !!item.default;
        out.push(t);
      });
    });
    return out;
  }

  // The queue ------------------------------------------------------------
  // Unsent ticks, one per page and item (the latest), shared by the tabs.
  // queue reads it keyed by page and item, whatever the stored keys.
  function queue() {
    var q, out = {};
    try { q = JSON.parse(get(QUEUE) || "{}"); } catch (e) { q = null; }
    Object.keys(q && typeof q === "object" ? q : {}).forEach(function (k) {
      var t = q[k];
      if (t && typeof t.page === "string" && typeof t.item === "string") out[keyOf(t)] = t;
    });
    return out;
  }
  function enqueue(ticks) {
    var q = queue();
    ticks.forEach(function (t) {
      var k = keyOf(t);
      if (!q[k] || q[k].at <= t.at) q[k] = { page: t.page, item: t.item, done: !!t.done, at: t.at };
    });
    set(QUEUE, JSON.stringify(q));
  }
  function waiting() { return Object.keys(queue()).length; }
  function refused() {
    try { var r = JSON.parse(get(REFUSED) || "{}"); return r && typeof r === "object" ? r : {}; } catch (e) { return {}; }
  }

  // refuse takes ticks the service would not store out of the queue and
  // remembers them ({at, error, first, last}: the tick's time, the latest
  // reason, when it was first and last refused), so that reconcile does
  // not queue them again; retry sends them again. A later tick of the item
  // is sent as usual.
  function refuse(ticks) {
    var q = queue(), r = refused(), now = Date.now();
    ticks.forEach(function (t) {
      var k = keyOf(t), was = r[k];
      if (q[k] && q[k].at === t.at) delete q[k];
      r[k] = { at: t.at, error: t.error || "", first: was && was.at === t.at && was.first || now, last: now };
    });
    set(QUEUE, JSON.stringify(q));
    set(REFUSED, JSON.stringify(r));
  }

  // retry queues the refused ticks again, as the service may have read an
  // older checklists.json than the reader's: each once a page load, then
  // at a sync at least RETRY after its last try. A tick refused for a day
  // is dropped: kept ({dropped}) so that it is not sent again, and no
  // longer shown. Ticks of items gone from the site's checklists.json, or
  // the reader's tick of the item changed since, are forgotten.
  var RETRY = 120000, GIVE_UP = 86400000, retried = false;
  function retry(pages) {
    var r = refused(), now = Date.now(), mine = {}, again = [];
    localTicks(pages).forEach(function (t) { mine[keyOf(t)] = t; });
    Object.keys(r).forEach(function (k) {
      var t = mine[k], e = r[k];
      if (!t || t.at !== e.at) delete r[k];
      else if (e.dropped) return;
      else if (now - (e.first || now) >= GIVE_UP) e.dropped = true;
      else if (!retried || now - (e.last || 0) >= RETRY) { e.last = now; again.push(t); }
    });
    retried = true;
    set(REFUSED, JSON.stringify(r));
    if (again.length) enqueue(again);
  }

  // refusals lists the refused ticks still tried, the latest refused last.
  function refusals() {
    var r = refused();
    return Object.keys(r).filter(function (k) { return !r[k].dropped; }).map(function (k) { return r[k]; })
      .sort(function (a, b) { return (a.last || 0) - (b.last || 0); });
  }

  // reconcile applies the service's ticks, then queues the local ones the
  // service lacks or has older with another state (what was ticked here
  // before signing in, or while a push failed).
  function reconcile(remote, pages) {
    applyRemote(remote, pages);
    var theirs = {}, now = Date.now(), mine = [], no = refused();
    (remote || []).forEach(function (t) { theirs[keyOf(t)] = t; });
    localTicks(pages).forEach(function (t) {
      var r = theirs[keyOf(t)];
      if (no[keyOf(t)] && no[keyOf(t)].at === t.at) return;
      if (!r) { t.at = t.at || now; mine.push(t); } else if (t.at > r.at && t.done !== !!r.done) mine.push(t);
    });
    if (mine.length) enqueue(mine);
  }

  // adopt makes the device's ticks the signed-in person's. The first
  // person to sign in here takes the ticks made before (they are uploaded);
  // another person's are replaced by the new one's from the service, and
  // the previous person's unsent ticks are dropped (signing out warned).
  function adopt(who, pages) {
    var owner = get(OWNER);
    if (owner === who.email || !owner) {
      set(OWNER, who.email);
      retry(pages);
      return exchangeTicks(pages);
    }
    set(OWNER, who.email);
    set(QUEUE, null);
    set(REFUSED, null);
    var data = checklists.load();
    data.pages = {};
    checklists.save(data);
    checklists.refresh();
    return api("GET", "api/ticks").then(function (j) { applyRemote(j && j.ticks, pages); });
  }

  // exchangeTicks sends the queue (at most 1000 ticks a request) or, when
  // it is empty, fetches the service's ticks; either answer holds the
  // reader's full merged list. Ticks the service rejects, in the answer's
  // "rejected" or as a 400 for the whole request, leave the queue for the
  // refused ones (see retry); those it takes leave them.
  function exchangeTicks(pages) {
    var q = queue(), sent = [];
    Object.keys(q).forEach(function (k) {
      if (itemOf(pages, q[k])) { if (sent.length < 1000) sent.push(q[k]); } else delete q[k]; // gone from the site
    });
    set(QUEUE, JSON.stringify(q));
    var call = sent.length ? api("POST", "api/ticks", { ticks: sent }) : api("GET", "api/ticks");
    return call.then(function (j) {
      if (sent.length) {
        var now = queue(), byKey = {}, no = refused(), again = {};
        ((j && j.rejected) || []).forEach(function (r) { again[keyOf(r)] = true; });
        sent.forEach(function (t) {
          var k = keyOf(t);
          byKey[k] = t;
          if (now[k] && now[k].at === t.at) delete now[k];
          if (no[k] && no[k].at === t.at && !again[k]) delete no[k];
        });
        set(QUEUE, JSON.stringify(now));
        set(REFUSED, JSON.stringify(no));
        refuse(((j && j.rejected) || []).filter(function (r) { return byKey[keyOf(r)]; }).map(function (r) {
          return { page: r.page, item: r.item, at: byKey[keyOf(r)].at, error: String(r.error || "") };
        }));
      }
      reconcile(j && j.ticks, pages);
      if (waiting()) return exchangeTicks(pages);
    }, function (e) {
      if (e.status !== 400 || !sent.length) throw e;
      refuse(sent.map(function (t) { return { page: t.page, item: t.item, at: t.at, error: e.message }; }));
      return exchangeTicks(pages);
    });
  }

  // Syncing --------------------------------------------------------------
  var timer = 0, running = null, again = false, fails = 0;
  function schedule(ms) { clearTimeout(timer); timer = setTimeout(sync, ms); }

  // sync pushes the queue and merges the service's ticks, once at a time;
  // when the service cannot be reached it retries with backoff (1 s
  // doubling to a minute, or as a 429 says).
  function sync() {
    clearTimeout(timer);
    if (!signedIn()) {
      if (person !== null) setPerson(null);
      setStatus("signedout");
      return Promise.resolve();
    }
    if (running) { again = true; return running; }
    setStatus("syncing");
    running = me().then(function (who) {
      return manifest().then(function (pages) { return adopt(who, pages); });
    }).then(function () {
      fails = 0;
      setStatus("synced");
    }, function (e) {
      if (!signedIn()) return;
      fails++;
      setStatus("offline", e.message);
      schedule(e.retryAfter ? e.retryAfter * 1000 : Math.min(60000, 1000 * Math.pow(2, fails - 1)));
    }).then(function () {
      running = null;
      // Callers waiting on this sync wait for the one it asks for too.
      if (again) { again = false; return sync(); }
    });
    return running;
  }

  // The header -----------------------------------------------------------
  var ui = null;
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (text) e.textContent = text;
    return e;
  }

  // buildHeader adds the status, the team link and the sign-in button to
  // the header. Narrow screens show the status as a dot on the button, an
  // icon then, and the team link in the menu (.sync-nav) instead.
  function buildHeader() {
    var tools = document.querySelector(".top .tools");
    if (!tools) return;
    ui = { box: el("div", { class: "sync" }) };
    ui.status = el("span", { class: "sync-status", role: "status" });
    ui.word = el("span", { class: "sync-word" });
    ui.more = el("span", { class: "sync-more" });
    ui.status.appendChild(ui.word);
    ui.status.appendChild(ui.more);
    ui.team = el("a", { class: "sync-team", href: ROOT + "team/" }, "Team");
    ui.button = el("button", { type: "button", class: "sync-btn" });
    var svg = "http://www.w3.org/2000/svg", icon = document.createElementNS(svg, "svg"), path = document.createElementNS(svg, "path");
    [["aria-hidden", "true"], ["viewBox", "0 0 24 24"], ["width", "20"], ["height", "20"]].forEach(function (a) { icon.setAttribute(a[0], a[1]); });
    path.setAttribute("d", "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9Zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5Z");
    ui.button.appendChild(icon).appendChild(path);
    ui.label = ui.button.appendChild(el("span", { class: "sync-label" }));
    ui.team.hidden = true;
    var nav = document.getElementById("sidebar");
    if (nav) {
      ui.nav = nav.insertBefore(el("p", { class: "sync-nav" }), nav.firstChild);
      ui.nav.appendChild(el("a", { href: ROOT + "team/" }, "Team progress"));
    }
    ui.button.addEventListener("click", function () { if (signedIn()) signOut(); else signIn(); });
    ui.box.appendChild(ui.status);
    ui.box.appendChild(ui.team);
    ui.box.appendChild(ui.button);
    tools.insertBefore(ui.box, tools.querySelector(".theme-btn"));
    keepFirstWord(document.querySelector(".top .brand span"));
  }

  // keepFirstWord stops the header from squeezing the site's title below
  // its first word (and an ellipsis when more follows), up to 40% of the
  // screen.
  function keepFirstWord(title) {
    var words = title && title.textContent.trim().split(/\s+/);
    if (!words || !words[0]) return;
    var probe = el("span", { class: "sync-probe" }, words[0] + (words.length > 1 ? "…" : ""));
    title.parentNode.appendChild(probe);
    title.style.minWidth = "min(" + Math.ceil(probe.getBoundingClientRect().width) + "px, 40vw)";
    probe.remove();
  }

  // The status is a dot and a word; narrow screens leave out the count of
  // waiting ticks (.sync-more) and show "Signed out" as the dot alone.
  var LABELS = { synced: "Synced", syncing: "Syncing…", signedout: "Signed out" };
  function show() {
    if (!ui) return;
    var n = waiting(), bad = refusals(), title = [];
    ui.word.textContent = LABELS[state] || "Offline";
    ui.more.textContent = state === "offline" && n ? " · " + n + " waiting" : "";
    ui.status.setAttribute("data-state", state);
    if (state === "offline" && reason) title.push("Not synced: " + reason);
    else if (person) title.push("Signed in as " + (person.name || person.email));
    if (bad.length && state !== "signedout") {
      title.push(bad.length + (bad.length === 1 ? " tick" : " ticks") + " not accepted by the progress service: " + bad[bad.length - 1].error);
    }
    ui.status.title = title.join(". ");
    ui.team.hidden = !(person && (person.role === "manager" || person.role === "admin"));
    if (ui.nav) ui.nav.hidden = ui.team.hidden;
    ui.label.textContent = signedIn() ? "Sign out" : "Sign in";
    // Behind a proxy the proxy owns the session: nothing to sign out of here.
    ui.button.hidden = AUTH === "proxy" && signedIn();
  }

  // The sign-in dialog (invitation links) ---------------------------------
  var dialog = null;
  function openDialog(message) {
    if (!dialog) {
      dialog = el("dialog", { class: "sync-dialog", "aria-labelledby": "sync-dialog-title" });
      var form = el("form", { method: "dialog" });
      form.appendChild(el("h2", { id: "sync-dialog-title" }, "Sign in to sync your checklists"));
      var label = el("label", {}, "Paste your invitation link or code");
      dialog.input = el("input", { type: "text", name: "invitation", autocomplete: "off", required: "" });
      label.appendChild(dialog.input);
      form.appendChild(label);
      dialog.message = el("p", { class: "sync-message", role: "alert" });
      form.appendChild(dialog.message);
      var actions = el("p", { class: "sync-actions" });
      actions.appendChild(el("button", { type: "submit", value: "ok" }, "Sign in"));
      var cancel = el("button", { type: "button", value: "cancel" }, "Cancel");
      cancel.addEventListener("click", function () { dialog.close(); });
      actions.appendChild(cancel);
      form.appendChild(actions);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var v = dialog.input.value.trim(), m = /[#&?]invitation=([^&#\s]+)/.exec(v);
        var code = m ? decodeURIComponent(m[1]) : v;
        if (!code) return;
        dialog.message.textContent = "Signing in…";
        exchange(code).then(function (ok) {
          if (ok === false) dialog.message.textContent = "Not signed in: the ticks waiting on this device are kept.";
          else dialog.close();
        }, function (err) { dialog.message.textContent = err.message; });
      });
      dialog.appendChild(form);
      document.body.appendChild(dialog);
    }
    dialog.message.textContent = message;
    if (!dialog.open) dialog.showModal();
    dialog.input.focus();
  }

  // Start ----------------------------------------------------------------
  function init() {
    buildHeader();
    show();
    document.addEventListener("playbook:tick", function (e) {
      enqueue([e.detail]);
      var no = refused();
      if (no[keyOf(e.detail)]) { delete no[keyOf(e.detail)]; set(REFUSED, JSON.stringify(no)); }
      if (signedIn()) { if (state !== "offline") setStatus("syncing"); else show(); schedule(300); }
    });
    window.addEventListener("online", sync);
    // Coming back to the page syncs; the focus a page gets as it loads
    // does not, as loading has just synced.
    var away = false;
    var back = function () { if (away) { away = false; sync(); } };
    window.addEventListener("blur", function () { away = true; });
    window.addEventListener("focus", back);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") back(); else away = true; });
    window.addEventListener("storage", function (e) {
      if (e.key === TOKEN) { mePromise = null; if (!e.newValue) signedOut(); else sync(); }
      if (e.key === QUEUE || e.key === REFUSED) show();
    });
    // An invitation link may also be opened on the page already shown.
    window.addEventListener("hashchange", invited);
    if (!invited()) sync();
  }

  // invited exchanges the invitation in the page's fragment, if any, and
  // removes it from the address. It reports whether there was one.
  function invited() {
    var m = AUTH === "invitation" && /^#invitation=([^&]+)$/.exec(location.hash);
    if (!m) return false;
    history.replaceState(null, "", location.pathname + location.search);
    exchange(decodeURIComponent(m[1])).then(function (ok) {
      if (ok === false) openDialog("Not signed in: the ticks waiting on this device are kept. Paste the invitation link again to sign in.");
    }, function (e) { openDialog("This invitation link did not sign you in: " + e.message); });
    return true;
  }

  checklists.applyRemote = function (ticks) { return manifest().then(function (pages) { return applyRemote(ticks, pages); }); };
  checklists.localTicks = function () { return manifest().then(localTicks); };
  window.playbook.progress = {
    url: BASE, auth: AUTH, token: token, api: api, me: me,
    signIn: signIn, signOut: signOut, on: on, sync: sync
  };
  if (document.readyState !== "loading") init(); else document.addEventListener("DOMContentLoaded", init);
})();
