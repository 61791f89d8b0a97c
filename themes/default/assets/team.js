// playbook team pages: /team/, the people a reader may see × the modules
// of the site's curricula, and /team/person/?email=E, one person's items
// and sign-offs. The curricula come from the site's checklists.json, the
// progress from the progress service through window.playbook.progress
// (progress.js). Everything the service sends is set as text.
(() => {
"use strict";
const $ = id => document.getElementById(id);
const DAY = 86400000;
// siteHref links a site URL ("/a/b/") as search.js does: from the page's root.
function siteHref(url) {
  const r = document.body.dataset.root || "/";
  return r + url.slice(1) + (r[0] !== "/" && url.endsWith("/") ? "index.html" : "");
}

// el makes an element with attributes (text sets its text) and children.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const k in attrs || {}) {
    if (k === "text") e.textContent = attrs[k];
    else if (attrs[k] != null && attrs[k] !== false) e.setAttribute(k, attrs[k]);
  }
  for (const c of kids) if (c != null) e.append(c);
  return e;
}

// The overdue rule (see checklists.Manifest): module k is due start + N
// working days, N = ceil(durations of modules 1..k / 3600 / dailyHours).
function dueDate(start, seconds, dailyHours) {
  const [y, m, d] = start.split("-").map(Number);
  let t = Date.UTC(y, m - 1, d), n = Math.ceil(seconds / 3600 / (dailyHours || 4));
  while (n > 0) {
    t += DAY;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) n--;
  }
  return new Date(t).toISOString().slice(0, 10);
}
const today = () => { const d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); };

// Dates and times are written one way on the team pages, in the site's
// language: day (a YYYY-MM-DD date, "3 Dec 2026" in en-GB) and stamp (a
// time in ms, "3 Dec 2026, 14:02").
const lang = document.documentElement.lang || undefined, D = { day: "numeric", month: "short", year: "numeric" };
const dayFmt = new Intl.DateTimeFormat(lang, Object.assign({ timeZone: "UTC" }, D));
const timeFmt = new Intl.DateTimeFormat(lang, Object.assign({ hour: "2-digit", minute: "2-digit", hour12: false }, D));
const day = date => date ? dayFmt.format(new Date(date + "T00:00:00Z")) : "";
const stamp = ms => timeFmt.format(new Date(ms));

// progressOf computes an entry's state ({person, last, ticks, signoffs}) per
// module: {done, total, signoff, due, complete, overdue}, in curriculum order.
// Only members have due dates: managers and admins onboard no one's way.
function progressOf(man, entry) {
  const ticks = {}, signed = {}, now = today(), out = {};
  for (const t of entry.ticks || []) ticks[t.page + " " + t.item] = t;
  for (const s of entry.signoffs || []) signed[s.module] = s;
  for (const c of man.curricula) {
    let seconds = 0;
    for (const m of c.modules) {
      let done = 0, total = 0;
      for (const url of m.pages) for (const it of (man.pages[url] || { items: [] }).items) {
        const t = ticks[url + " " + it.id];
        total++;
        if (t ? t.done : it.default) done++;
      }
      seconds += m.durationSeconds;
      const due = entry.person.start && entry.person.role === "member" ? dueDate(entry.person.start, seconds, man.dailyHours) : "";
      const complete = done === total && (!m.signoff || !!signed[m.url]);
      out[m.url] = { done, total, signoff: signed[m.url], due, complete, overdue: !complete && !!due && now > due };
    }
  }
  return { modules: out, ticks };
}

function relative(ms) {
  const s = Math.round((Date.now() - ms) / 1000);
  const units = [[86400, "day"], [3600, "hour"], [60, "minute"]];
  for (const [n, name] of units) if (s >= n) { const k = Math.floor(s / n); return k + " " + name + (k > 1 ? "s" : "") + " ago"; }
  return "just now";
}
// when shows a time as "3 days ago" with the date beside it, or "never".
function when(ms) {
  if (!ms) return el("span", { class: "team-never", text: "never" });
  return el("time", { datetime: new Date(ms).toISOString(), title: stamp(ms) }, relative(ms), el("span", { class: "team-abs", text: stamp(ms) }));
}

// shown is the email of the reader the page shows data for (null: signed out).
let root, P, man, shown;

// status says what the page is doing or, with failed set, why it shows
// nothing, with an action button ([label, fn]) when there is one to take.
function status(msg, action, isError) {
  const s = $("team-status");
  s.textContent = msg;
  s.className = "team-status" + (isError ? " team-error" : "");
  if (action) {
    const btn = el("button", { type: "button", class: "btn", text: action[0] });
    btn.onclick = action[1];
    s.append(" ", btn);
  }
}
const body = () => { const b = $("team-body"); b.textContent = ""; return b; };

// failed shows why the data did not come: signed out (with the sign-in
// action), or the service unreachable or refusing (with a retry).
function failed(err) {
  body();
  const st = err && err.status, again = ["Try again", load];
  if (st === 401) shown = null;
  if (st === 401) status("Sign in to see team progress.", ["Sign in", () => P.signIn()], true);
  else if (st === 404) status("There is no such person, or you may not see their progress.", null, true);
  else if (st >= 400 && st < 500) status("The progress service refused: " + err.message, again, true);
  else if (st === 0) status("The progress service at " + P.url + " cannot be reached. Ticks made meanwhile are kept in this browser.", again, true);
  else if (st) status("The progress service failed (" + st + "): " + err.message, again, true);
  else status("The team page could not load: " + (err && err.message), again, true);
}

function load() {
  status("Loading progress…");
  const manifest = man ? Promise.resolve(man) : fetch(root.dataset.manifest).then(r => {
    if (!r.ok) throw new Error("the site's " + root.dataset.manifest + " answered " + r.status);
    return r.json();
  }).then(m => (man = m));
  manifest.then(() => root.dataset.view === "person" ? loadPerson() : loadTeam()).catch(failed);
}

// The team table.

// Both pages ask who the reader is first: signed out, me() rejects
// without a request, so no 401 can race an invitation being exchanged.
function loadTeam() {
  return P.me().then(() => P.api("GET", "api/team")).then(renderTeam);
}

const modules = () => man.curricula.flatMap(c => c.modules);
let sortBy = "name";

function renderTeam(team) {
  shown = team.me.email;
  const me = team.me, people = team.people.map(e => ({ e, p: progressOf(man, e) }));
  status(me.role === "admin" ? "You see everyone's progress." : me.role === "manager" ? "You see your own progress and that of the people who report to you." : "You see only your own progress; your manager sees your team's.");
  const b = body();
  if (!man.curricula.length) b.append(el("p", { text: "This site has no curriculum; nothing to track yet." }));
  const csv = el("button", { type: "button", class: "btn", text: "Download CSV" });
  csv.onclick = () => downloadCSV(csv);
  b.append(el("p", { class: "team-actions" }, csv));
  const overall = x => { let d = 0, t = 0; for (const k in x.p.modules) d += x.p.modules[k].done, t += x.p.modules[k].total; return t ? d / t : 0; };
  const overdue = x => Object.values(x.p.modules).filter(m => m.overdue).length;
  const key = { name: x => (x.e.person.name || x.e.person.email).toLowerCase(), progress: x => -overall(x), last: x => -(x.e.last || 0) }[sortBy];
  people.sort((a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

  const table = el("table", { class: "team-table" }, el("caption", null, el("span", { text: "Progress of " + people.length + (people.length === 1 ? " person" : " people") + " by module: items done of all items" })));
  table.append(el("colgroup", { span: 5 }));
  for (const c of man.curricula) table.append(el("colgroup", { span: c.modules.length }));
  const sortable = (label, by) => {
    const th = el("th", { scope: "col", rowspan: 2, "aria-sort": sortBy === by ? (by === "name" ? "ascending" : "descending") : null });
    const btn = el("button", { type: "button", class: "team-sort", text: label });
    btn.onclick = () => { sortBy = by; renderTeam(team); };
    th.append(btn);
    return th;
  };
  // The first column stays in view when the table scrolls sideways, so it
  // is a cell in each header row (a cell spanning both would lose its
  // background in the second); curriculum titles stay beside it.
  const person = sortable("Person", "name");
  person.removeAttribute("rowspan");
  person.className = "team-name";
  const h1 = el("tr", null, el("td", { class: "team-name" }), el("th", { scope: "col", rowspan: 2, text: "Start" }), sortable("Last activity", "last"), sortable("Progress", "progress"), el("th", { scope: "col", rowspan: 2, text: "Overdue" }));
  const h2 = el("tr", null, person);
  for (const c of man.curricula) {
    h1.append(el("th", { scope: "colgroup", colspan: c.modules.length, class: "team-group" }, el("span", { text: c.title })));
    for (const m of c.modules) h2.append(el("th", { scope: "col", class: "team-mod", title: m.title }, m.number + ". " + m.title));
  }
  table.append(el("thead", null, h1, h2));
  const tb = el("tbody");
  for (const x of people) {
    const who = x.e.person, link = root.dataset.person + "?email=" + encodeURIComponent(who.email);
    const row = el("tr", { "data-email": who.email },
      el("th", { scope: "row", class: "team-name" }, el("a", { href: link, text: who.name || who.email }), el("span", { class: "team-email", text: who.email })),
      el("td", { text: day(who.start) }), el("td", null, when(x.e.last)), el("td", { class: "team-num", text: Math.round(100 * overall(x)) + "%" }),
      el("td", { class: "team-num team-overdue", text: who.role !== "member" ? "—" : overdue(x) ? overdue(x) + " overdue" : "none" }));
    for (const m of modules()) row.append(cell(x.p.modules[m.url], m));
    tb.append(row);
  }
  table.append(tb);
  b.append(el("div", { class: "table-scroll team-scroll", tabindex: 0, role: "region", "aria-labelledby": "team-title" }, table));
  b.append(el("p", { class: "team-legend", text: "Due dates count the modules' durations at " + (man.dailyHours || 4) + " hours a working day from a member's start; a module is overdue the day after it is due. Managers and admins have no due dates." }));
}

// signedText says whether a module is signed off and, when it is, how many
// of its items are still open: "signed off, 1 item open".
function signedText(s) {
  const open = s.total - s.done;
  if (!s.signoff) return "needs sign-off";
  return "signed off" + (open ? ", " + open + (open === 1 ? " item" : " items") + " open" : "");
}

// cell shows one person's module: done/total, a bar, and its marks in words.
function cell(s, m) {
  const td = el("td", { class: "team-cell" + (s.complete ? " is-complete" : "") + (s.overdue ? " is-overdue" : "") + (s.signoff ? " is-signed" : ""), "data-module": m.url });
  td.append(el("span", { class: "team-frac", text: s.done + "/" + s.total }));
  const bar = el("span", { class: "team-bar", "aria-hidden": "true" }, el("span"));
  bar.firstChild.style.width = (s.total ? Math.round(100 * s.done / s.total) : 0) + "%";
  td.append(bar);
  const marks = [];
  if (s.complete) marks.push("complete");
  if (s.overdue) marks.push("overdue — was due " + day(s.due));
  if (s.signoff || m.signoff) marks.push(signedText(s));
  if (marks.length) td.append(el("span", { class: "team-marks", text: marks.join(", ") }));
  return td;
}

// downloadCSV fetches /api/team.csv with the reader's credentials and
// saves it as a file.
function downloadCSV(btn) {
  const headers = {}, tok = P.token();
  if (tok) headers.Authorization = "Bearer " + tok;
  btn.disabled = true;
  fetch(P.url + "api/team.csv", { headers, credentials: P.auth === "proxy" ? "include" : "omit" }).then(r => {
    if (!r.ok) throw Object.assign(new Error("the CSV download answered " + r.status), { status: r.status });
    return r.blob();
  }).then(blob => {
    const a = el("a", { href: URL.createObjectURL(blob), download: "team-progress.csv" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }).catch(err => status("The CSV could not be downloaded: " + err.message + ".", null, true)).then(() => { btn.disabled = false; });
}

// One person's page.

function loadPerson() {
  return P.me().then(me => {
    const email = new URLSearchParams(location.search).get("email") || me.email;
    return P.api("GET", "api/people/" + encodeURIComponent(email)).then(entry => renderPerson(me, entry));
  });
}

function renderPerson(me, entry) {
  shown = me.email;
  const who = entry.person, p = progressOf(man, entry);
  const canSign = me.email !== who.email && (me.role === "admin" || me.role === "manager");
  $("team-title").textContent = (who.name || who.email) + " · progress";
  status("");
  const b = body();
  b.append(el("p", { class: "team-back" }, el("a", { href: root.dataset.team, text: "← Team progress" })));
  const dl = el("dl", { class: "team-person" });
  const row = (k, v) => dl.append(el("dt", { text: k }), el("dd", null, v));
  row("Email", who.email);
  row("Role", who.role);
  if (who.manager) row("Manager", who.manager);
  if (who.start) row("Start", day(who.start));
  row("Last activity", when(entry.last));
  b.append(dl);
  const inModule = {};
  for (const c of man.curricula) {
    const sec = el("section", { class: "team-curriculum" }, el("h2", { text: c.title }));
    for (const m of c.modules) {
      for (const u of m.pages) inModule[u] = true;
      sec.append(personModule(m, p.modules[m.url], p.ticks, who, canSign));
    }
    b.append(sec);
  }
  const other = Object.keys(man.pages).filter(u => !inModule[u]).sort();
  if (other.length) {
    const sec = el("section", { class: "team-curriculum" }, el("h2", { text: "Other checklists" }));
    for (const u of other) sec.append(items(u, p.ticks));
    b.append(sec);
  }
}

function personModule(m, s, ticks, who, canSign) {
  const marks = [s.done + "/" + s.total + " done"];
  if (s.complete) marks.push("complete");
  if (s.overdue) marks.push("overdue — was due " + day(s.due));
  else if (s.due && !s.complete) marks.push("due " + day(s.due));
  if (s.signoff && !s.complete) marks.push(signedText(s));
  const sec = el("section", { class: "team-module" + (s.overdue ? " is-overdue" : "") + (s.complete ? " is-complete" : ""), "data-module": m.url },
    el("h3", null, m.number + ". " + m.title + " ", el("span", { class: "team-marks", text: marks.join(" · ") })));
  const line = el("p", { class: "team-signoff" });
  if (s.signoff) {
    line.append("Signed off by ", el("strong", { class: "team-signer", text: s.signoff.signerName || s.signoff.signer }), " on ", el("time", { datetime: new Date(s.signoff.at).toISOString(), text: stamp(s.signoff.at) }));
  } else {
    line.append(m.signoff ? "Not signed off yet (this module asks for a manager's sign-off)." : "This module needs no sign-off.");
  }
  // Only modules that ask for a sign-off offer one; one given before can
  // always be withdrawn.
  if (canSign && (m.signoff || s.signoff)) line.append(" ", signButton(m, who, s));
  sec.append(line);
  for (const u of m.pages) sec.append(items(u, ticks));
  return sec;
}

// signButton asks to confirm in place, then signs the module off or
// withdraws the sign-off, and shows the page again.
// Signing off a module with open items says how many are done first.
function signButton(m, who, s) {
  const undo = !!s.signoff;
  const span = el("span", { class: "team-sign" });
  const ask = el("button", { type: "button", class: "btn", text: undo ? "Undo sign-off" : "Sign off" });
  ask.onclick = () => {
    const yes = el("button", { type: "button", class: "btn", text: (undo ? "Confirm: withdraw the sign-off of " : "Confirm: sign off ") + m.number + ". " + m.title + " for " + (who.name || who.email) });
    const no = el("button", { type: "button", class: "btn", text: "Cancel" });
    no.onclick = () => span.replaceChildren(ask);
    yes.onclick = () => {
      yes.disabled = no.disabled = true;
      P.api(undo ? "DELETE" : "POST", "api/signoffs", { email: who.email, module: m.url }).then(load, err => {
        span.replaceChildren(ask, el("span", { class: "team-error", role: "alert", text: " Not saved: " + err.message }));
      });
    };
    span.replaceChildren(yes, " ", no);
    if (!undo && s.done < s.total) span.prepend(el("span", { class: "team-warn", text: s.done + " of " + s.total + " items done — sign off anyway? " }));
    yes.focus();
  };
  span.append(ask);
  return span;
}

// items lists a page's checklist items with their state and tick time.
function items(url, ticks) {
  const page = man.pages[url] || { title: url, items: [] };
  const ul = el("ul", { class: "team-items" });
  for (const it of page.items) {
    const t = ticks[url + " " + it.id], done = t ? t.done : !!it.default;
    // The state is a column of its own; the text and its time wrap in theirs.
    ul.append(el("li", { class: done ? "is-done" : "", "data-item": it.id },
      el("span", { class: "team-state", text: done ? "✓ done" : "○ open" }),
      el("span", { class: "team-text" }, it.text,
        t ? el("span", { class: "team-when" }, " — " + (done ? "ticked " : "unticked "), when(t.at)) : null)));
  }
  return el("div", { class: "team-page-items" }, el("h4", null, el("a", { href: siteHref(url), text: page.title })), ul);
}

function start() {
  root = $("team");
  P = window.playbook && window.playbook.progress;
  if (!root) return;
  if (!P) return status("This site's progress script did not load; the team page needs it.", null, true);
  // Signing in (an invitation link lands here) or out shows the page anew.
  P.on("person", p => { if ((p ? p.email : null) !== shown) load(); });
  load();
}
document.addEventListener("DOMContentLoaded", start);
})();
