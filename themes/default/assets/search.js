// playbook search: the header box and the /search/ page. The index
// (search/*.js, see generator/search) loads on first use by <script>, which
// works from file:// too. Words, stems and ranking are generator/search's;
// browser tests hold the two together.
(() => {
"use strict";
const pb = window.playbook = window.playbook || {};
const root = document.body.dataset.root || "/", disk = location.protocol === "file:";
const $ = id => document.getElementById(id);
const WORD = /[\p{L}\p{Nd}\p{M}'’\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}]+/gu;
const MAP = { ß: "ss", æ: "ae", œ: "oe", þ: "th", ĳ: "ij", ø: "o", đ: "d", ð: "d", ł: "l", ı: "i", ħ: "h", ŧ: "t", ſ: "s", ς: "σ" };
// [first, last, script] of scripts without spaces (spacelessBlocks)
const BLOCKS = [[0xe00, 0xe7f, 2], [0xe80, 0xeff, 3], [0x1000, 0x109f, 4], [0x1100, 0x11ff, 1], [0x1780, 0x17ff, 5],
  [0x3000, 0x9fff, 1], [0xa960, 0xa97f, 1], [0xa9e0, 0xa9ff, 4], [0xaa60, 0xaa7f, 4], [0xac00, 0xd7ff, 1], [0xf900, 0xfaff, 1],
  [0xff66, 0xffdc, 1], [0x1aff0, 0x1b16f, 1], [0x20000, 0x3ffff, 1]];
let STOP = new Set();

const script = c => { for (const b of BLOCKS) if (c <= b[1]) return c >= b[0] ? b[2] : 0; return 0; };
const fold = w => w.replace(/[\u00c0-\u024f\u1e00-\u1eff\u03c2]/g, c => (c = c.normalize("NFD")[0], MAP[c] || c)).replace(/[\u0300-\u036f'’\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu, "");
// split: [start, end, script] of the words of s (eachWord)
function split(s) {
  const out = [];
  for (const m of s.matchAll(WORD)) {
    let a = m.index, i = a, sc = -1;
    for (const c of m[0]) {
      let t = script(c.codePointAt(0));
      if (sc >= 0 && t !== sc && !/\p{M}/u.test(c)) out.push([a, i, sc]), a = i;
      else if (sc >= 0) t = sc;
      sc = t, i += c.length;
    }
    out.push([a, i, sc]);
  }
  return out;
}
const folded = (s, sp = split(s)) => sp.map(([a, b, sc]) => ({ w: fold(s.slice(a, b).toLowerCase()), s: sc, a, b })).filter(x => x.w);
const words = s => folded(s).map(x => x.w);
const grams = w => [...w].map((c, i, cs) => c + (cs[i + 1] || ""));
const terms = s => folded(s).flatMap(x => x.s ? grams(x.w) : STOP.has(x.w) ? [] : [stem(x.w)]);
const keyRunes = t => script(t.codePointAt(0)) ? 1 : 2;
function stem(w) {
  let m;
  if (w.length < 4 || /[^a-z]/.test(w)) return w;
  if (/sses$/.test(w)) w = w.slice(0, -2);
  else if (/ies$/.test(w)) w = w.length > 4 ? w.slice(0, -3) + "y" : w.slice(0, -1);
  else if (/(x|ch|sh|zz)es$/.test(w)) w = w.slice(0, -2);
  else if (/[^sui]s$/.test(w)) w = w.slice(0, -1);
  if (/ied$/.test(w) && w.length > 4) w = w.slice(0, -3) + "y";
  else if (/eed$/.test(w) && w.length > 5) w = w.slice(0, -1);
  else if ((m = /^(.*)(ing|ed)$/.exec(w)) && /[aeiouy]/.test(m[1]) && m[1].length > 2) w = m[1].replace(/([^aeiouylsz])\1$/, "$1");
  else if (/ly$/.test(w) && w.length > 5) w = w.slice(0, -2);
  return w.length > 3 && /e$/.test(w) ? w.slice(0, -1) : w;
}
const shardOf = (t, n) => [...t].slice(0, keyRunes(t)).reduce((h, c) => Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0, 2166136261) % n;

// Every index file calls playbook.search.add(name, data).
let meta;
const files = {}, waiting = {};
const load = name => files[name] || (files[name] = new Promise((ok, fail) => {
  const s = document.createElement("script");
  waiting[name] = ok;
  s.src = `${root}search/${name}.js` + (disk ? "" : "?v=" + (meta ? meta.v : Date.now()));
  s.onload = s.onerror = () => {
    s.remove();
    if (waiting[name]) {
      delete files[name];
      fail(Error(`the search index (${name}.js) did not load`));
    }
  };
  document.head.append(s);
}));
const getMeta = () => load("meta").then(m => (STOP = new Set(m.stop), meta = m));

// parse splits a query as parseQuery: [{w: word, t: term, p: prefix}].
function parse(q) {
  const sp = split(q), ws = folded(q, sp), open = sp.at(-1)?.[1] === q.length;
  let out = [];
  const add = (w, t, p) => { out = [...out.filter(x => x.w !== w), { w, t, p }]; };
  ws.forEach(({ w, s }, i) => {
    const gs = grams(w);
    if (!s) STOP.has(w) || add(w, stem(w), open && i === ws.length - 1 && gs.length >= keyRunes(w));
    else if (gs.length === 1) add(w, w, true);
    else gs.slice(0, -1).forEach(g => add(g, g, false));
  });
  return out;
}

// matches: page → [score, heading] for one query word (Index.expand).
function matches(w, s) {
  const ts = [w.t], m = new Map();
  if (w.p) {
    for (const t in s.t) if (t !== w.t && t.startsWith(w.w)) ts.push(t);
    for (const x in s.w) if (x.startsWith(w.w) && !ts.includes(s.w[x])) ts.push(s.w[x]);
  }
  for (const t of ts) {
    const p = Object.hasOwn(s.t, t) ? s.t[t] : [];
    for (let i = 0, d = 0; i < p.length; i += 2) {
      const sc = p[i + 1] % 100 * 2 + (t === w.t), h = Math.floor(p[i + 1] / 100) - 1, o = m.get(d += p[i]);
      if (!o || sc > o[0] || sc === o[0] && h >= 0 && (o[1] < 0 || h < o[1])) m.set(d, [sc, h]);
    }
  }
  return m;
}

function allowed(d, f) {
  const S = meta.s, i = meta.a.indexOf(f.audience), a = meta.da[d];
  let s = meta.ds[d];
  while (s > 0 && S[s][2] > 0) s = S[s][2];
  return !(f.section && (!s || S[s][1] !== `/${f.section}/`) || f.audience && i >= 0 && a && !(a & 1 << i));
}

// hits ranks as Index.Search: [{d: page, s: score, h: heading}].
async function hits(q, f = {}) {
  const m = await getMeta(), ws = parse(q), out = [];
  if (!ws.length) return out;
  const shards = await Promise.all(ws.map(w => load("t-" + shardOf(w.w, m.n))));
  const per = ws.map((w, i) => matches(w, shards[i])).sort((a, b) => a.size - b.size);
  per[0].forEach((_, d) => {
    const votes = [];
    let s = 0, h = -1;
    if (!allowed(d, f)) return;
    for (const p of per) {
      const c = p.get(d);
      if (!c) return;
      s += c[0];
      if (c[1] >= 0) votes[c[1]] = (votes[c[1]] || 0) + 1;
    }
    votes.forEach((n, i) => { if (h < 0 || n > votes[h]) h = i; });
    out.push({ d, s, h });
  });
  return out.sort((a, b) => b.s - a.s || a.d - b.d);
}

async function find(q, f, n) {
  const hs = (await hits(q, f)).slice(0, n), S = meta && meta.s;
  const chunks = await Promise.all(hs.map(h => load("d-" + Math.floor(h.d / meta.k))));
  return hs.map((h, i) => {
    const [title, url, desc, heads, text] = chunks[i][h.d % meta.k], hd = heads[h.h] || [], crumbs = [];
    for (let s = S[meta.ds[h.d]][1] === url ? S[meta.ds[h.d]][2] : meta.ds[h.d]; s > 0; s = S[s][2]) crumbs.unshift(S[s][0]);
    return {
      title, crumbs, heading: hd[0], text: (desc ? desc + " — " : "") + text,
      href: root + url.slice(1) + (root[0] !== "/" && url.endsWith("/") ? "index.html" : "") + (hd[1] ? "#" + hd[1] : "")
    };
  });
}

const el = (tag, parent, text, cls) => {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (cls) e.className = cls;
  return parent ? parent.appendChild(e) : e;
};
// marked appends text with matched words in <mark>, as text nodes; with
// max, only max words around the most query words (a CJK character is ½).
function marked(parent, text, ws, max) {
  const list = []; // [start, end, 1 + query word or 0, weight]
  for (const { w, s, a, b } of folded(text)) {
    if (!s) {
      const t = stem(w);
      list.push([a, b, STOP.has(w) ? 0 : ws.findIndex(q => t === q.t || q.p && (w.startsWith(q.w) || t.startsWith(q.w))) + 1, 1]);
      continue;
    }
    // A gram that matches marks the characters of the query word.
    const cs = [], at = list.length;
    for (let i = a, n; i < b; i += n) {
      const f = fold(text.slice(i, i + (n = text.codePointAt(i) > 0xffff ? 2 : 1)).toLowerCase());
      if (f || !cs.length) cs.push(f), list.push([i, i + n, 0, 0.5]);
      else list[list.length - 1][1] = i + n; // a variation selector
    }
    grams(cs.join("")).forEach((g, i) => {
      const k = ws.findIndex(q => g === q.t || q.p && g.startsWith(q.w));
      for (let j = i; k >= 0 && j < Math.min(cs.length, i + [...ws[k].w].length); j++) list[at + j][2] ||= k + 1;
    });
  }
  const upto = (i, n) => { while (i < list.length && (n -= list[i][3]) >= 0) i++; return i; };
  let from = 0, most = 0, to = list.length, at = 0, m = null;
  if (max) {
    list.forEach((w, i) => {
      const n = w[2] ? new Set(list.slice(i, upto(i, max - 4)).map(x => x[2]).filter(Boolean)).size : 0;
      if (n > most) {
        most = n, from = i;
        for (let back = 4; from > 0 && (back -= list[from - 1][3]) >= 0;) from--;
      }
    });
    to = upto(from, max);
    if (from) at = list[from][0], parent.append("… ");
  }
  for (const [a, b, hit] of list.slice(from, to)) {
    if (!hit) continue;
    if (m && a === at) m.textContent += text.slice(a, at = b);
    else parent.append(text.slice(at, a), m = el("mark", 0, text.slice(a, at = b)));
  }
  parent.append(text.slice(at, to < list.length ? list[to - 1][1] : text.length) + (to < list.length ? " …" : ""));
}
function result(r, ws, a) {
  a.href = r.href;
  a.className = "sr";
  if (r.crumbs.length) el("span", a, r.crumbs.join(" › "), "sr-crumbs");
  marked(el("span", a, 0, "sr-title"), r.title, ws);
  if (r.heading) marked(el("span", a, 0, "sr-heading"), r.heading, ws);
  marked(el("span", a, 0, "sr-text"), r.text, ws, 28);
  return a;
}

// search returns a function that runs a query from form into list.
function search(form, status, list, n, item) {
  const box = form.querySelector(".search-filters"), params = new URLSearchParams(location.search);
  let seq = 0;
  const filters = () => box.made || (box.made = getMeta().then(m => {
    const sel = (name, label, opts) => {
      const s = el("select", el("label", box));
      s.before(el("span", 0, label, "visually-hidden"));
      s.name = name;
      for (const [v, t] of opts) el("option", s, t).value = v;
      s.value = params.get(name) || name === "audience" && ($("role-select") || {}).value || "";
      s.onchange = () => form.q.dispatchEvent(new Event("input"));
    };
    sel("section", "Section", [["", "All sections"], ...m.s.filter(s => s[2] === 0).map(s => [s[1].slice(1, -1), s[0]])]);
    sel("audience", "Audience", [["", "Everyone"], ...m.a.map(a => [a, a])]);
  }, err => {
    box.made = null; // try again next time
    throw err;
  }));
  // The list is aria-busy from a query's first key until the results of
  // the latest query are shown: earlier queries' results may still arrive.
  const run = async q => {
    const my = ++seq;
    let ws = [], rs = [];
    list.setAttribute("aria-busy", "true");
    try {
      if (words(q).length) {
        await filters();
        ws = parse(q);
        rs = await find(q, { section: form.section.value, audience: form.audience.value }, n);
      }
      if (my !== seq) return;
      list.textContent = "";
      status.textContent = rs.length || !words(q).length ? "" : `No pages match “${q.trim()}”.`;
      return rs.map((r, i) => result(r, ws, item(i)));
    } catch (err) {
      if (my === seq) status.textContent = `Search is not available: ${err.message}.` + (disk ? " From disk it needs a site built with relativeURLs = true." : "");
    } finally {
      if (my === seq) list.removeAttribute("aria-busy");
    }
  };
  return run;
}

// The header box: results as you type, arrows and Enter, "/" and Ctrl-K.
const input = $("search-q"), panel = $("search-panel");
if (input && panel) {
  const form = input.form, list = el("div", 0, 0, "search-list"), status = el("p", 0, 0, "search-status");
  const attrs = (e, a) => { for (const k in a) a[k] === null ? e.removeAttribute(k) : e.setAttribute(k, a[k]); };
  let items = [], active = -1;
  panel.append(el("div", 0, 0, "search-filters"), status, list);
  attrs(list, { id: "search-list", role: "listbox", "aria-label": "Search results" });
  attrs(status, { role: "status" });
  attrs(input, { role: "combobox", "aria-controls": "search-list", "aria-autocomplete": "list", "aria-expanded": false });
  const show = on => attrs(input, { "aria-expanded": !(panel.hidden = !on) });
  const select = i => {
    if (items[active]) items[active].removeAttribute("aria-selected");
    attrs(input, { "aria-activedescendant": items[active = i] ? items[i].id : null });
    if (items[i]) items[i].setAttribute("aria-selected", true), items[i].scrollIntoView({ block: "nearest" });
  };
  const run = search(form, status, list, 8, i => {
    const a = el("a", list);
    attrs(a, { id: "sr:" + i, role: "option" }); // with ":", as no made-up heading id (render/ids.go)
    return a;
  });
  const update = () => {
    show(words(input.value).length);
    run(input.value).then(rs => rs && (items = rs, select(-1)));
  };
  input.oninput = update;
  input.onfocus = () => { getMeta().catch(() => {}); if (input.value) update(); };
  input.onkeydown = e => {
    const n = items.length;
    if (/^Arrow(Up|Down)$/.test(e.key) && n && !panel.hidden) {
      e.preventDefault();
      select((e.key === "ArrowDown" ? active + 1 : active < 0 ? n - 1 : active - 1 + n) % n);
    } else if (e.key === "Escape" && !panel.hidden) {
      e.preventDefault();
      show(false);
    }
  };
  form.onsubmit = e => {
    if (items[active] && !panel.hidden) e.preventDefault(), location.href = items[active].href, show(false);
  };
  document.addEventListener("keydown", e => {
    const t = e.target, typing = /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable;
    if ((e.ctrlKey || e.metaKey) && (e.key || "").toLowerCase() === "k" || e.key === "/" && !typing && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener("click", e => form.contains(e.target) || show(false));
}

// The results page: /search/?q=…&section=…&audience=…
const page = $("search-page"), out = $("search-results");
if (page && out) {
  const status = $("search-status"), run = search(page, status, out, 50, () => el("a", el("li", out)));
  const update = async () => {
    const rs = await run(page.q.value);
    if (!rs) return;
    try { history.replaceState(null, "", "?" + new URLSearchParams([...new FormData(page)].filter(f => f[1]))); } catch (e) { /* file:// */ }
    status.textContent = rs.length ? rs.length + (rs.length < 50 ? "" : "+") + (rs.length == 1 ? " page matches." : " pages match.") : status.textContent || "Type a word to search.";
  };
  page.q.value = new URLSearchParams(location.search).get("q");
  page.onsubmit = e => { e.preventDefault(); update(); };
  page.q.oninput = update;
  update();
}

pb.search = {
  add(name, data) {
    const ok = waiting[name];
    delete waiting[name];
    if (ok) ok(data);
  },
  hits, find, words, terms, stem
};
})();
