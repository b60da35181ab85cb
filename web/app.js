/* app.js: the web page of `whosaid serve`. One page, routed by the URL's
 * hash, so that every view has a sharable address:
 *   #/?q=…&speaker=…&channel=…&kind=…&since=…&until=…   search
 *   #/speakers?q=…                                       speakers
 *   #/speaker/ID                                         one speaker
 *   #/doc/ID?s=STATEMENT                                 an article
 *   #/exchanges?speaker=…                                exchanges
 *   #/extract                                            try the engine
 * Every piece of text from the database is put into the page with
 * textContent or as an attribute value, never as HTML, and links are made
 * only from http(s) URLs: a document cannot run script in the page. */
'use strict';

const $view = document.getElementById('view');
const $tip = document.getElementById('tip');

/* ---- Small DOM helpers ---------------------------------------------------- */

/* Makes an element: h('a.link', {href: …}, child, 'text', …). Children are
 * nodes or strings (added as text). */
function h(spec, attrs, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/* Makes an SVG element with attributes. */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/* A link to an outside page, only for http and https URLs; else plain text. */
function extLink(url, label) {
  let u = null;
  try { u = new URL(url); } catch (e) { u = null; }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
    return h('span.url', {}, label || url || '');
  return h('a.ext', {href: u.href, rel: 'noopener noreferrer nofollow', target: '_blank'},
           label || u.href);
}

/* A link inside the page. */
function link(hash, ...children) {
  return h('a', {href: hash}, ...children);
}

/* Builds a hash from a path and parameters, leaving out empty ones. */
function route(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v != null) q.set(k, v);
  const s = q.toString();
  return '#' + path + (s ? '?' + s : '');
}

/* Text with highlights: the server marks matches between \x02 and \x03. */
function highlighted(text) {
  const out = document.createDocumentFragment();
  const parts = String(text).split(/([\x02\x03])/);
  let inMark = false;
  for (const p of parts) {
    if (p === '\x02') inMark = true;
    else if (p === '\x03') inMark = false;
    else if (p) out.append(inMark ? h('mark', {}, p) : document.createTextNode(p));
  }
  return out;
}

/* The last part of a file name ("press-briefing.txt" for "examples/press-briefing.txt"). */
function baseName(path) {
  return path ? String(path).split('/').pop() : '';
}

/* "1 statement", "2 statements". */
function plural(n, word) {
  return n.toLocaleString('en') + ' ' + word + (n === 1 ? '' : 's');
}

/* A short date: "2025-06-11" stays, "2025-06-11T10:00:00Z" is cut. */
function shortDate(d) {
  return d ? String(d).slice(0, 10) : '';
}

/* ---- Colours of speakers and channels ----------------------------------- */

const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#dc2626',
  '#0891b2', '#65a30d', '#c026d3', '#ea580c', '#4f46e5', '#0d9488'];

/* A stable colour for a key (speaker id or name). */
function colourOf(key) {
  const s = String(key);
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 16777619);
  return PALETTE[(x >>> 0) % PALETTE.length];
}

/* Colours for the speakers of one list, distinct in order of appearance
 * (then by hash past the palette's size). Returns a Map key -> colour. */
function speakerColours(statements) {
  const map = new Map();
  for (const s of statements) {
    const k = String(s.speaker_id || s.speaker_name || s.speaker || 'unattributed');
    if (!map.has(k)) map.set(k, map.size < PALETTE.length ? PALETTE[map.size] : colourOf(k));
  }
  return map;
}

/* ---- Fetching ------------------------------------------------------------- */

/* Fetches JSON from the API; throws an Error with the server's message. */
async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v != null) q.set(k, v);
  const s = q.toString();
  const res = await fetch(path + (s ? '?' + s : ''), {headers: {Accept: 'application/json'}});
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : res.status + ' ' + res.statusText;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

/* Shows an error in place of a view. */
function showError(where, err) {
  where.replaceChildren(h('div.error', {role: 'alert'},
    h('strong', {}, err.status ? 'Error ' + err.status + ': ' : 'Error: '), err.message));
}

/* ---- Statement cards ------------------------------------------------------ */

/* The line under a quote: speaker, role, cue, channel, date, article. */
function attribution(s, opts) {
  const who = s.speaker_name || s.speaker;
  const bits = [];
  if (who) {
    const name = s.speaker_id ? link('#/speaker/' + s.speaker_id, who) : h('span', {}, who);
    name.classList.add('who');
    name.style.color = colourOf(s.speaker_id || who);
    bits.push(name);
  } else {
    bits.push(h('span.who.unknown', {}, 'unattributed'));
  }
  if (s.speaker_role) bits.push(h('span.role', {}, s.speaker_role));
  if (s.cue) bits.push(h('span.cue', {}, s.cue.text));
  if (s.channel) bits.push(h('span.badge.channel', {title: 'channel'}, s.channel));
  if (s.addressee) bits.push(h('span.badge.to', {title: 'addressee'}, '→ ' + s.addressee));
  return h('div.attr', {}, bits);
}

/* A card for one statement from a search. */
function statementCard(s) {
  const d = s.document || {};
  const quote = h('blockquote.quote.' + (s.kind || 'direct'), {},
    s.highlight ? highlighted(s.highlight) : s.text);
  quote.style.borderLeftColor = colourOf(s.speaker_id || s.speaker_name || s.speaker || '?');
  const src = h('div.src', {},
    h('span.kind', {title: 'kind of statement'}, s.kind),
    d.date ? h('span.date', {}, shortDate(d.date)) : null,
    d.outlet ? h('span.outlet', {}, d.outlet) : null,
    link('#/doc/' + s.document_id + '?s=' + s.id, d.title || baseName(d.doc) || 'article ' + s.document_id));
  return h('article.card', {'data-id': s.id}, quote, attribution(s), src);
}

/* A list of statements with a "More" button that follows next_cursor. */
function statementList(params, emptyText) {
  const list = h('div.cards');
  const more = h('button.more', {type: 'button'}, 'More');
  const status = h('p.status');
  const box = h('div', {}, status, list, more);
  more.hidden = true;
  let cursor = null;
  async function load() {
    more.disabled = true;
    try {
      const r = await api('/api/statements', Object.assign({}, params, {cursor, count: cursor ? null : 1}));
      if (!cursor) status.textContent = r.total === undefined ? '' : plural(r.total, 'statement');
      for (const s of r.statements) list.append(statementCard(s));
      if (!cursor && r.statements.length === 0) list.append(h('p.empty', {}, emptyText || 'No statements match.'));
      cursor = r.next_cursor;
      more.hidden = !cursor;
    } catch (err) {
      showError(status, err);
      more.hidden = true;
    }
    more.disabled = false;
  }
  more.addEventListener('click', load);
  load();
  return box;
}

/* ---- Search --------------------------------------------------------------- */

/* #/?q=…: the search form and the results. */
function viewSearch(params) {
  const field = (name, label, attrs) => h('label.field', {}, h('span', {}, label),
    h('input', Object.assign({name, value: params.get(name) || '', autocomplete: 'off'}, attrs)));
  const kind = h('select', {name: 'kind'},
    ['', 'direct', 'indirect', 'mixed'].map(k => h('option', {value: k, selected: params.get('kind') === k}, k || 'any')));
  const form = h('form.search', {role: 'search'},
    h('div.bigbox', {},
      h('input.q', {name: 'q', type: 'search', value: params.get('q') || '', autofocus: true,
        placeholder: 'Search what was said: deport*, "border wall", tariff OR tariffs',
        'aria-label': 'words of the statement'}),
      h('button', {type: 'submit'}, 'Search')),
    h('div.filters', {},
      field('speaker', 'Speaker', {placeholder: 'name or alias'}),
      field('channel', 'Channel', {placeholder: 'X, Instagram…'}),
      h('label.field', {}, h('span', {}, 'Kind'), kind),
      field('since', 'Since', {placeholder: 'YYYY-MM-DD', pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?', size: 10}),
      field('until', 'Until', {placeholder: 'YYYY-MM-DD', pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?', size: 10})));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const p = {};
    for (const [k, v] of new FormData(form)) if (String(v).trim()) p[k] = String(v).trim();
    location.hash = route('/', p);
  });
  const filters = {};
  for (const k of ['q', 'speaker', 'channel', 'kind', 'since', 'until', 'speaker_id', 'outlet'])
    if (params.get(k)) filters[k] = params.get(k);
  const results = Object.keys(filters).length ? statementList(filters) :
    h('div', {}, h('div.intro', {}, h('p', {}, 'Search the statements of the database: quoted and reported ' +
      'speech, who said it, through which channel and when. Words are full-text matched (prefix with *, ' +
      'phrases in quotes); filters narrow by speaker, channel, kind and date.')), topSpeakersTeaser(),
      h('h2', {}, 'Latest statements'), statementList({limit: 10}));
  $view.replaceChildren(form, results);
}

/* The first speakers of the database, as a start page. */
function topSpeakersTeaser() {
  const box = h('div.teaser', {}, h('h2', {}, 'Most quoted'));
  api('/api/speakers', {limit: 12}).then(r => {
    box.append(h('div.chips', {}, r.speakers.map(s => {
      const a = link('#/speaker/' + s.id, s.name, h('span.count', {}, String(s.statements)));
      a.className = 'chip';
      a.style.borderLeftColor = colourOf(s.id);
      return a;
    })));
  }).catch(err => box.append(h('p.empty', {}, err.message)));
  return box;
}

/* ---- Speakers ------------------------------------------------------------- */

/* #/speakers?q=…: speakers by number of statements. */
function viewSpeakers(params) {
  const q = params.get('q') || '';
  const form = h('form.search.small', {},
    h('div.bigbox', {}, h('input.q', {name: 'q', type: 'search', value: q, placeholder: 'Find a speaker by name or alias'}),
      h('button', {type: 'submit'}, 'Find')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    location.hash = route('/speakers', {q: new FormData(form).get('q').trim()});
  });
  const table = h('table.speakers', {}, h('thead', {}, h('tr', {},
    ['Speaker', 'Kind', 'Role', 'Statements', 'Documents', 'Channel', 'Active'].map(t => h('th', {}, t)))));
  const body = h('tbody');
  table.append(body);
  const more = h('button.more', {type: 'button'}, 'More');
  more.hidden = true;
  let offset = 0, max = 0;
  async function load() {
    try {
      const r = await api('/api/speakers', {q, limit: 50, offset});
      if (offset === 0 && r.speakers.length) max = r.speakers[0].statements;
      for (const s of r.speakers) {
        const bar = h('span.bar');
        bar.style.width = Math.max(2, Math.round(100 * s.statements / (max || 1))) + '%';
        bar.style.background = colourOf(s.id);
        const name = link('#/speaker/' + s.id, s.name);
        body.append(h('tr', {}, h('td.name', {}, name), h('td', {}, s.kind), h('td.role', {}, s.role || ''),
          h('td.num', {}, h('span.barbox', {}, bar), String(s.statements)), h('td.num', {}, String(s.documents)),
          h('td', {}, s.top_channel || ''), h('td.dates', {}, [shortDate(s.first_date), shortDate(s.last_date)].filter(Boolean).join(' – '))));
      }
      if (offset === 0 && !r.speakers.length) body.append(h('tr', {}, h('td.empty', {colspan: 7}, 'No speaker matches.')));
      offset = r.next_offset || 0;
      more.hidden = !r.next_offset;
    } catch (err) { showError($view, err); }
  }
  more.addEventListener('click', load);
  $view.replaceChildren(h('h1', {}, 'Speakers'), form, table, more);
  load();
}

/* The chart of a speaker's statements a month, stacked by channel, as SVG. */
function monthChart(rows) {
  const months = [...new Set(rows.map(r => r.month))].filter(m => m !== 'unknown').sort();
  if (!months.length) return h('p.empty', {}, 'No dated statements to chart.');
  /* Fill the months between the first and the last. */
  const all = [];
  let [y, m] = months[0].split('-').map(Number);
  const [ly, lm] = months[months.length - 1].split('-').map(Number);
  while ((y < ly || (y === ly && m <= lm)) && all.length < 240) {
    all.push(y + '-' + String(m).padStart(2, '0'));
    if (++m > 12) { m = 1; y++; }
  }
  /* Channels by number of statements, each in its own colour of the palette. */
  const byChannel = new Map();
  for (const r of rows) byChannel.set(r.channel || 'none', (byChannel.get(r.channel || 'none') || 0) + r.n);
  const channels = [...byChannel.keys()].sort((a, b) => (a === 'none') - (b === 'none') || byChannel.get(b) - byChannel.get(a));
  const chColour = ch => ch === 'none' ? '#94a3b8' :
    channels.indexOf(ch) < PALETTE.length ? PALETTE[channels.indexOf(ch)] : colourOf('ch:' + ch);
  const totals = new Map(), cell = new Map();
  for (const r of rows) {
    if (r.month === 'unknown') continue;
    totals.set(r.month, (totals.get(r.month) || 0) + r.n);
    cell.set(r.month + '\x1f' + (r.channel || 'none'), r.n);
  }
  /* The axis runs to a round number in steps of 1, 2 or 5 times a power of ten. */
  const most = Math.max(1, ...totals.values());
  const raw = most / 4, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = Math.max(1, [1, 2, 5, 10].map(k => k * mag).find(v => v >= raw));
  const top = step * Math.ceil(most / step);
  const W = 720, H = 220, L = 36, B = 28, T = 10;
  const bw = (W - L - 8) / all.length, barW = Math.max(1, Math.min(bw - 2, 44));
  const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img',
    'aria-label': 'statements a month by channel'});
  for (let v = 0; v <= top; v += step) {
    const yy = H - B - (H - B - T) * v / top;
    chart.append(svg('line', {x1: L, x2: W - 4, y1: yy, y2: yy, class: 'grid'}),
      svg('text', {x: L - 6, y: yy + 4, class: 'axis', 'text-anchor': 'end'}, String(v)));
  }
  all.forEach((mo, i) => {
    let yy = H - B;
    for (const ch of channels) {
      const n = cell.get(mo + '\x1f' + ch) || 0;
      if (!n) continue;
      const hh = (H - B - T) * n / top;
      yy -= hh;
      const rect = svg('rect', {x: L + i * bw + (bw - barW) / 2, y: yy, width: barW, height: hh,
        fill: chColour(ch), rx: 2});
      rect.append(svg('title', {}, `${mo} · ${ch}: ${n}`));
      chart.append(rect);
    }
    const every = Math.ceil(all.length / 12);
    if (i % every === 0)
      chart.append(svg('text', {x: L + i * bw + bw / 2, y: H - B + 16, class: 'axis', 'text-anchor': 'middle'}, mo));
  });
  const legend = h('div.legend', {}, channels.map(ch => {
    const sw = h('span.swatch');
    sw.style.background = chColour(ch);
    return h('span.key', {}, sw, ch === 'none' ? 'no channel named' : ch);
  }));
  return h('figure.chartbox', {}, chart, legend);
}

/* A list of {key, n} as chips. */
function chips(items, hrefOf) {
  if (!items || !items.length) return h('span.none', {}, '—');
  return h('div.chips', {}, items.map(it => {
    const c = hrefOf ? link(hrefOf(it.key), it.key) : h('span', {}, it.key);
    c.className = 'chip';
    c.append(h('span.count', {}, String(it.n)));
    return c;
  }));
}

/* #/speaker/ID: who the speaker is, where and when they speak, what they said. */
async function viewSpeaker(id) {
  $view.replaceChildren(h('p.status', {}, 'Loading…'));
  let s;
  try { s = await api('/api/speakers/' + encodeURIComponent(id)); } catch (err) { return showError($view, err); }
  const colour = colourOf(s.id);
  const head = h('div.speakerhead', {},
    h('div.avatar', {}, (s.name || '?').split(/\s+/).map(w => w[0]).join('').slice(0, 2).toUpperCase()),
    h('div', {}, h('h1', {}, s.name),
      h('p.meta', {}, [s.kind, s.gender !== 'unknown' ? s.gender : null, s.role].filter(Boolean).join(' · ')),
      h('p.stats', {}, `${plural(s.statements, 'statement')} in ${plural(s.documents, 'document')}` +
        (s.first_date ? `, ${shortDate(s.first_date)} to ${shortDate(s.last_date)}` : ''))));
  head.querySelector('.avatar').style.background = colour;
  const facts = h('div.facts', {},
    h('section', {}, h('h2', {}, 'Aliases'), chips(s.aliases)),
    h('section', {}, h('h2', {}, 'Roles'), chips(s.roles)),
    h('section', {}, h('h2', {}, 'Channels'), chips(s.channels, k => route('/', {speaker_id: s.id, channel: k}))),
    h('section', {}, h('h2', {}, 'Outlets'), chips(s.outlets)));
  $view.replaceChildren(head, facts,
    h('section.panel', {}, h('h2', {}, 'Statements over time, by channel'), monthChart(s.by_month_channel || [])),
    h('p.links', {}, link(route('/exchanges', {speaker_id: s.id, name: s.name}), 'Exchanges with ' + s.name + ' →')),
    h('section', {}, h('h2', {}, 'Statements'), statementList({speaker_id: s.id})));
}

/* ---- Article -------------------------------------------------------------- */

const enc = new TextEncoder(), dec = new TextDecoder();

/* The document's text with each statement highlighted in its speaker's
 * colour. Offsets are UTF-8 bytes; overlapping statements keep the first. */
function markedText(text, statements, focus) {
  const bytes = enc.encode(text);
  const colours = speakerColours(statements);
  const spans = statements.filter(s => s.start >= 0 && s.end <= bytes.length && s.start < s.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = h('div.doctext');
  let para = h('p'), pos = 0;
  const addText = (node, str) => {
    const lines = str.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) {
        if (para.childNodes.length) out.append(para);
        para = h('p');
      }
      if (line) (node || para).append(line);
    });
  };
  for (const s of spans) {
    if (s.start < pos) continue;
    addText(null, dec.decode(bytes.subarray(pos, s.start)));
    const who = s.speaker_name || s.speaker || 'unattributed';
    const m = h('span.stmt.' + s.kind, {tabindex: 0, 'data-id': s.id});
    m.style.setProperty('--c', colours.get(String(s.speaker_id || who)));
    m.dataset.tip = JSON.stringify({who, role: s.speaker_role, cue: s.cue && s.cue.text,
      channel: s.channel, kind: s.kind, date: s.date, to: s.addressee, conf: s.confidence});
    /* A statement may run over paragraphs: one marked piece a paragraph. */
    const words = dec.decode(bytes.subarray(s.start, s.end)).split('\n');
    words.forEach((w, i) => {
      if (i > 0) {
        out.append(para);
        para = h('p');
      }
      const piece = i === 0 ? m : m.cloneNode(false);
      if (i > 0) { piece.dataset.tip = m.dataset.tip; piece.style.setProperty('--c', m.style.getPropertyValue('--c')); }
      piece.textContent = w;
      if (w) para.append(piece);
    });
    if (focus && String(s.id) === String(focus)) m.classList.add('focus');
    pos = s.end;
  }
  addText(null, dec.decode(bytes.subarray(pos)));
  if (para.childNodes.length) out.append(para);
  return out;
}

/* Shows the attribution of a highlighted statement next to it. */
function showTip(el) {
  let t;
  try { t = JSON.parse(el.dataset.tip); } catch (e) { return; }
  const rows = [['Speaker', t.who], ['Role', t.role], ['Cue', t.cue], ['Channel', t.channel],
    ['To', t.to], ['Date', t.date], ['Kind', t.kind],
    ['Confidence', t.conf != null ? Math.round(t.conf * 100) + '%' : null]];
  $tip.replaceChildren(...rows.filter(r => r[1]).map(([k, v]) => h('div', {}, h('b', {}, k), ' ', String(v))));
  $tip.hidden = false;
  const r = el.getBoundingClientRect();
  $tip.style.left = Math.max(8, Math.min(window.innerWidth - 300, r.left + window.scrollX)) + 'px';
  $tip.style.top = (r.bottom + window.scrollY + 6) + 'px';
}

document.addEventListener('mouseover', ev => {
  const el = ev.target.closest && ev.target.closest('.stmt');
  if (el) showTip(el); else $tip.hidden = true;
});
document.addEventListener('focusin', ev => {
  const el = ev.target.closest && ev.target.closest('.stmt');
  if (el) showTip(el); else $tip.hidden = true;
});

/* The speakers of an article with their colours and counts. */
function speakerLegend(statements) {
  const colours = speakerColours(statements);
  const by = new Map();
  for (const s of statements) {
    const who = s.speaker_name || s.speaker || 'unattributed';
    const k = s.speaker_id || who;
    if (!by.has(k)) by.set(k, {who, id: s.speaker_id, n: 0});
    by.get(k).n++;
  }
  return h('ul.legend.speakers', {}, [...by.entries()].sort((a, b) => b[1].n - a[1].n).map(([k, v]) => {
    const sw = h('span.swatch');
    sw.style.background = colours.get(String(k));
    return h('li', {}, sw, v.id ? link('#/speaker/' + v.id, v.who) : v.who, h('span.count', {}, String(v.n)));
  }));
}

/* #/doc/ID?s=…: the article with its statements highlighted. */
async function viewDocument(id, params) {
  $view.replaceChildren(h('p.status', {}, 'Loading…'));
  let d;
  try { d = await api('/api/documents/' + encodeURIComponent(id)); } catch (err) { return showError($view, err); }
  const focus = params.get('s');
  const meta = h('p.meta', {}, [d.date ? shortDate(d.date) : null, d.outlet, d.byline].filter(Boolean).join(' · '));
  const body = d.text ? markedText(d.text, d.statements, focus) :
    h('div', {}, h('p.empty', {}, 'The database does not hold this document\'s text; its statements:'),
      h('div.cards', {}, d.statements.map(s => statementCard(Object.assign({document: {}}, s)))));
  $view.replaceChildren(h('article.doc', {},
    h('h1', {}, d.title || baseName(d.doc) || 'Document ' + d.id), meta,
    d.url ? h('p.url', {}, extLink(d.url)) : null,
    h('div.docgrid', {}, body, h('aside', {}, h('h2', {}, d.statements.length + ' statements'), speakerLegend(d.statements),
      h('p.hint', {}, 'Hover or focus a highlighted passage to see who said it.')))));
  const f = focus && $view.querySelector('.stmt.focus');
  if (f) f.scrollIntoView({block: 'center'});
}

/* ---- Exchanges ------------------------------------------------------------ */

/* #/exchanges?speaker=…|speaker_id=…: who addressed or answered whom. */
function viewExchanges(params) {
  const who = params.get('speaker') || '';
  const form = h('form.search.small', {},
    h('div.bigbox', {}, h('input.q', {name: 'speaker', type: 'search', value: who || params.get('name') || '', placeholder: 'Exchanges of a speaker (empty: all)'}),
      h('button', {type: 'submit'}, 'Show')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    location.hash = route('/exchanges', {speaker: new FormData(form).get('speaker').trim()});
  });
  const list = h('ol.thread');
  const more = h('button.more', {type: 'button'}, 'More');
  more.hidden = true;
  let offset = 0;
  const p = {speaker: who, speaker_id: params.get('speaker_id'), since: params.get('since'), until: params.get('until')};
  async function load() {
    try {
      const r = await api('/api/exchanges', Object.assign({limit: 50, offset}, p));
      for (const e of r.exchanges) {
        const from = e.from_id ? link('#/speaker/' + e.from_id, e.from_name) : h('span', {}, e.from_name || 'unattributed');
        const to = e.to_id ? link('#/speaker/' + e.to_id, e.to_name) : h('span', {}, e.to_name);
        from.className = 'who';
        from.style.color = colourOf(e.from_id || e.from_name);
        to.className = 'who';
        to.style.color = colourOf(e.to_id || e.to_name);
        list.append(h('li.exchange', {},
          h('div.when', {}, shortDate(e.date) || 'undated'),
          h('div.bubble', {},
            h('div.pair', {}, from, h('span.arrow', {title: e.via === 'addressee' ? 'addressed to' : 'named in the words'}, '→'), to,
              e.channel ? h('span.badge.channel', {}, e.channel) : null),
            h('blockquote.quote', {}, e.text),
            h('div.src', {}, link('#/doc/' + (e.document_id || '') + '?s=' + e.statement_id, e.title || 'the article'),
              e.url ? h('span.url-small', {}, ' · ', extLink(e.url, hostOf(e.url))) : null))));
      }
      if (offset === 0 && !r.exchanges.length) list.append(h('li.empty', {}, 'No exchanges found.'));
      offset = r.next_offset || 0;
      more.hidden = !r.next_offset;
    } catch (err) { showError(list, err); }
  }
  more.addEventListener('click', load);
  $view.replaceChildren(h('h1', {}, who || params.get('name') ? 'Exchanges of ' + (who || params.get('name')) : 'Exchanges'),
    h('p.hint', {}, 'Statements addressed to someone, or naming whom they answer, in date order.'), form, list, more);
  load();
}

/* The host of a URL, or the URL. */
function hostOf(url) {
  try { return new URL(url).host; } catch (e) { return url; }
}

/* ---- Extract -------------------------------------------------------------- */

/* #/extract: paste text or HTML, see the statements the engine finds. */
function viewExtract() {
  const area = h('textarea', {name: 'body', rows: 10, placeholder: 'Paste an article (text or HTML)…'});
  const format = h('select', {name: 'format'}, ['auto', 'text', 'html', 'jsonl'].map(f => h('option', {value: f}, f)));
  const out = h('div');
  const form = h('form.extract', {}, area, h('div.row', {}, h('label.field', {}, h('span', {}, 'Format'), format),
    h('button', {type: 'submit'}, 'Find statements')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    out.replaceChildren(h('p.status', {}, 'Working…'));
    try {
      const res = await fetch('/api/extract?text=1&format=' + encodeURIComponent(format.value),
        {method: 'POST', body: area.value, headers: {'Content-Type': 'text/plain; charset=utf-8'}});
      const r = await res.json();
      if (!res.ok) throw Object.assign(new Error(r.error ? r.error.message : res.statusText), {status: res.status});
      out.replaceChildren(...r.documents.map(d => h('article.doc', {},
        d.title ? h('h2', {}, d.title) : null,
        h('div.docgrid', {}, markedText(d.text || '', d.statements.map((s, i) => Object.assign({id: i}, s, {speaker_name: s.speaker}))),
          h('aside', {}, h('h2', {}, d.statements.length + ' statements'), speakerLegend(d.statements))))));
      if (!r.documents.length) out.replaceChildren(h('p.empty', {}, 'No document in the input.'));
    } catch (err) { showError(out, err); }
  });
  $view.replaceChildren(h('h1', {}, 'Try the engine'),
    h('p.hint', {}, 'Nothing is stored: the text goes to POST /api/extract and the statements come back.'), form, out);
}

/* ---- Router --------------------------------------------------------------- */

/* Shows the view the hash names. */
function render() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  $tip.hidden = true;
  const section = parts[0] || 'search';
  for (const a of document.querySelectorAll('nav a'))
    a.classList.toggle('active', a.dataset.nav === (section === 'speaker' ? 'speakers' : section === 'doc' ? 'search' : section));
  if (!parts.length) viewSearch(params);
  else if (parts[0] === 'speakers') viewSpeakers(params);
  else if (parts[0] === 'speaker' && parts[1]) viewSpeaker(parts[1]);
  else if (parts[0] === 'doc' && parts[1]) viewDocument(parts[1], params);
  else if (parts[0] === 'exchanges') viewExchanges(params);
  else if (parts[0] === 'extract') viewExtract();
  else $view.replaceChildren(h('div.error', {}, 'No such page. ', link('#/', 'Search')));
  window.scrollTo(0, 0);
}

/* Says in the header which database is served. */
async function showDbInfo() {
  try {
    const r = await fetch('/healthz').then(x => x.json());
    const el = document.getElementById('dbinfo');
    el.textContent = r.database ? `${r.database.statements.toLocaleString('en')} statements · ` +
      `${r.database.documents.toLocaleString('en')} documents` : 'no database';
  } catch (e) { /* The header stays empty. */ }
}

window.addEventListener('hashchange', render);
render();
showDbInfo();
