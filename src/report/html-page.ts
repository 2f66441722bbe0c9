/**
 * The HTML report's style and script (report/html.ts writes the data).
 * The script reads the page's JSON blocks and builds every view with DOM
 * calls; corpus text only ever goes in through `textContent`, and only
 * http(s) urls become links.
 */

export const HTML_STYLE = `
:root { --fg: #1d2327; --muted: #5f6b73; --line: #d9dee2; --bg: #fff; --soft: #f4f6f8; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 14px 20px 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 6px; }
.muted { color: var(--muted); }
.summary span { margin-right: 14px; white-space: nowrap; }
.settings { font-size: 12px; margin-top: 4px; }
#timeline { display: block; width: 100%; height: 70px; margin-top: 8px; }
#timeline rect { fill: #8fb3dc; }
#timeline rect:hover { fill: var(--accent); }
nav { display: flex; gap: 4px; padding: 8px 20px 0; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
nav button { border: 1px solid var(--line); border-bottom: none; background: var(--soft); padding: 6px 12px; cursor: pointer; border-radius: 6px 6px 0 0; font: inherit; }
nav button[aria-selected="true"] { background: var(--bg); font-weight: 600; position: relative; top: 1px; }
.controls { display: flex; gap: 12px; padding: 10px 20px; flex-wrap: wrap; align-items: center; background: var(--soft); border-bottom: 1px solid var(--line); }
.controls label { display: flex; gap: 4px; align-items: center; }
.controls input[type=search] { width: 260px; }
main { display: grid; grid-template-columns: minmax(320px, 42%) 1fr; min-height: 60vh; }
#list { list-style: none; margin: 0; padding: 0; border-right: 1px solid var(--line); overflow: auto; max-height: calc(100vh - 230px); }
#list li.row { padding: 7px 20px; border-bottom: 1px solid var(--line); cursor: pointer; }
#list li.row:hover { background: var(--soft); }
#list li.row[aria-current="true"] { background: #e6eef8; }
#list .label { font-weight: 600; }
#list .more { padding: 10px 20px; }
.count { display: inline-block; min-width: 2.5em; padding: 0 6px; margin-right: 6px; border-radius: 9px; background: var(--soft); text-align: center; font-variant-numeric: tabular-nums; }
#detail { padding: 14px 20px; overflow: auto; max-height: calc(100vh - 230px); }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; font-size: 12px; color: var(--muted); }
.why { min-width: 9em; font-size: 12px; }
.fit { font-weight: 600; font-variant-numeric: tabular-nums; }
.terms span { display: inline-block; margin: 0 4px 4px 0; padding: 1px 7px; border-radius: 9px; background: #eef3e6; }
.text { white-space: pre-wrap; font-family: Georgia, serif; font-size: 15px; line-height: 1.55; border: 1px solid var(--line); padding: 10px; border-radius: 6px; }
ins { background: #d4f4d2; text-decoration: none; }
del { background: #f8d4d4; }
.seg { border-radius: 3px; }
.seg.boilerplate { color: #8a949b; background: #f1f1f1; }
.part-label { display: inline-block; font: 600 11px system-ui, sans-serif; padding: 1px 6px; margin: 6px 4px 2px 0; border-radius: 8px; color: #fff; cursor: pointer; }
.boundary { display: block; border-top: 2px dashed #c44; margin: 6px 0 2px; }
.copy { margin-bottom: 18px; }
.left-out { margin: 8px 20px; color: var(--muted); }
a { color: var(--accent); }
.empty { padding: 20px; color: var(--muted); }
`;

export const HTML_SCRIPT = String.raw`
(function () {
  'use strict';
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var meta = read('meta'), docs = read('docs'), events = read('events'), groups = read('groups'), bundles = read('bundles'), errors = read('errors');
  var eventById = new Map(events.map(function (e, i) { return [e.id, i]; }));
  var PAGE = 200;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (attrs[k] === null || attrs[k] === undefined) continue;
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }
  function fill(node, children) { node.replaceChildren.apply(node, children.filter(function (c) { return c !== null && c !== undefined; })); }
  function plural(n, word, words) { return n.toLocaleString('en') + ' ' + (n === 1 ? word : (words || word + 's')); }
  function dateRange(first, last) { return first === null ? '' : first === last ? first : first + ' … ' + last; }
  function hue(id) { var h = 0; for (var i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % 360; return h; }
  function safeUrl(url) { return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null; }
  // A document without a title is named by its first story's first words.
  function docName(d) {
    if (d.title) return d.title;
    var story = d.segments.find(function (s) { return s[2] && s[4]; });
    return story ? (story[4].length > 90 ? story[4].slice(0, 89) + '…' : story[4]) : d.id;
  }

  // Header: what was read, what was found, with which settings.
  var app = document.getElementById('app');
  var dates = meta.timeline.map(function (t) { return t[0]; });
  var header = el('header', null, [
    el('h1', { text: 'storyline report' }),
    el('div', { class: 'summary', id: 'summary' }, [
      el('span', { text: plural(meta.inputs, 'input') + ' = ' + plural(meta.documents, 'document') + ' + ' + plural(meta.errors, 'error') }),
      el('span', { text: plural(meta.events, 'event') }),
      el('span', { text: plural(meta.nearDuplicateGroups, 'near-duplicate group') }),
      el('span', { text: plural(meta.bundles, 'bundle') }),
      dates.length ? el('span', { text: 'events dated ' + dateRange(dates[0], dates[dates.length - 1]) }) : null,
    ]),
    el('div', { class: 'settings muted', text: Object.keys(meta.settings).map(function (k) { return k + ' ' + meta.settings[k]; }).join(' · ') }),
  ]);
  app.appendChild(header);
  if (meta.timeline.length > 0) header.appendChild(timelineChart(meta.timeline));

  function timelineChart(days) {
    var width = 1000, height = 70, max = 1;
    days.forEach(function (d) { if (d[2] > max) max = d[2]; });
    var start = Date.parse(days[0][0]), end = Date.parse(days[days.length - 1][0]);
    var span = Math.max(1, (end - start) / 864e5 + 1), bar = Math.max(1, width / span - 1);
    var chart = svg('svg', { id: 'timeline', viewBox: '0 0 ' + width + ' ' + height, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'reports per day' });
    days.forEach(function (d) {
      var x = ((Date.parse(d[0]) - start) / 864e5) * (width / span), h = Math.max(2, (d[2] / max) * (height - 4));
      var r = svg('rect', { x: x.toFixed(2), y: (height - h).toFixed(2), width: bar.toFixed(2), height: h.toFixed(2), 'data-day': d[0] });
      var title = svg('title', {});
      title.textContent = d[0] + ': ' + plural(d[1], 'event') + ', ' + plural(d[2], 'report');
      r.appendChild(title);
      r.addEventListener('click', function () { from.value = d[0]; to.value = d[0]; show('events'); });
      chart.appendChild(r);
    });
    return chart;
  }

  // Tabs and filters.
  var tabs = {
    events: 'Events (' + meta.events.toLocaleString('en') + ')',
    groups: 'Near-duplicates (' + meta.nearDuplicateGroups.toLocaleString('en') + ')',
    bundles: 'Bundles (' + meta.bundles.toLocaleString('en') + ')',
    other: 'Errors and unplaced',
  };
  var nav = el('nav', { role: 'tablist' });
  Object.keys(tabs).forEach(function (name) {
    nav.appendChild(el('button', { role: 'tab', id: 'tab-' + name, 'aria-selected': 'false', text: tabs[name], onclick: function () { show(name); } }));
  });
  app.appendChild(nav);
  var search = el('input', { type: 'search', id: 'search', placeholder: 'Search titles, ids, terms', oninput: function () { render(); } });
  var from = el('input', { type: 'date', id: 'from', onchange: function () { render(); } });
  var to = el('input', { type: 'date', id: 'to', onchange: function () { render(); } });
  var minSize = el('input', { type: 'number', id: 'min-size', min: '1', value: '1', style: 'width:5em', oninput: function () { render(); } });
  var bundlesOnly = el('input', { type: 'checkbox', id: 'bundles-only', onchange: function () { render(); } });
  var sort = el('select', { id: 'sort', onchange: function () { render(); } }, [el('option', { value: 'size', text: 'largest first' }), el('option', { value: 'date', text: 'earliest first' }), el('option', { value: 'date-desc', text: 'latest first' })]);
  app.appendChild(el('div', { class: 'controls' }, [
    el('label', null, ['Search ', search]),
    el('label', null, ['From ', from]),
    el('label', null, ['to ', to]),
    el('label', null, ['Min. reports ', minSize]),
    el('label', null, [bundlesOnly, ' with bundles only']),
    el('label', null, ['Sort ', sort]),
  ]));
  var leftOut = el('div', { class: 'left-out', id: 'left-out' });
  app.appendChild(leftOut);
  var list = el('ul', { id: 'list' });
  var detail = el('section', { id: 'detail', 'aria-live': 'polite' });
  app.appendChild(el('main', null, [list, detail]));

  var current = 'events', shown = PAGE;
  function show(name) {
    current = name;
    shown = PAGE;
    Object.keys(tabs).forEach(function (t) { document.getElementById('tab-' + t).setAttribute('aria-selected', String(t === name)); });
    detail.replaceChildren(el('p', { class: 'empty', text: 'Choose an item on the left.' }));
    render();
  }

  function query() { return search.value.trim().toLowerCase(); }
  function docMatches(d, q) {
    return d.id.toLowerCase().indexOf(q) >= 0 || (d.title !== null && d.title.toLowerCase().indexOf(q) >= 0);
  }
  function inDates(first, last) {
    if (from.value && (last === null || last < from.value)) return false;
    if (to.value && (first === null || first > to.value)) return false;
    return true;
  }
  function eventMatches(e) {
    if (e.size < (Number(minSize.value) || 1)) return false;
    if (!inDates(e.first, e.last)) return false;
    if (bundlesOnly.checked && !e.members.some(function (m) { return docs[m[0]].bundle; })) return false;
    var q = query();
    if (q === '') return true;
    if (e.id.toLowerCase() === q || e.label.toLowerCase().indexOf(q) >= 0) return true;
    if (e.terms.some(function (t) { return t.toLowerCase().indexOf(q) >= 0; })) return true;
    return e.members.some(function (m) { return docMatches(docs[m[0]], q); });
  }
  function groupMatches(g) {
    if (g.size < (Number(minSize.value) || 1)) return false;
    var q = query(), original = docs[g.original];
    if (!inDates(original.date, original.date) && (from.value || to.value)) return false;
    if (bundlesOnly.checked && !original.bundle && !g.copies.some(function (c) { return docs[c.doc].bundle; })) return false;
    return q === '' || g.id.toLowerCase() === q || docMatches(original, q) || g.copies.some(function (c) { return docMatches(docs[c.doc], q); });
  }
  function bundleMatches(b) {
    var d = docs[b.doc], q = query();
    if ((from.value || to.value) && !inDates(d.date, d.date)) return false;
    return q === '' || docMatches(d, q) || d.segments.some(function (s) { return s[3] !== null && s[3].toLowerCase() === q; });
  }

  function sorted(items, dateOf) {
    if (sort.value === 'size') return items;
    var sign = sort.value === 'date' ? 1 : -1;
    return items.slice().sort(function (a, b) {
      var x = dateOf(a), y = dateOf(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -sign : sign;
    });
  }

  function render() {
    list.replaceChildren();
    var rows = [], total = 0, left = 0, what = '';
    if (current === 'events') {
      var matching = sorted(events.filter(eventMatches), function (e) { return e.first; });
      total = matching.length; left = meta.leftOut.events; what = 'events';
      matching.slice(0, shown).forEach(function (e) { rows.push(eventRow(e)); });
    } else if (current === 'groups') {
      var gs = sorted(groups.filter(groupMatches), function (g) { return docs[g.original].date; });
      total = gs.length; left = meta.leftOut.groups; what = 'groups';
      gs.slice(0, shown).forEach(function (g) { rows.push(groupRow(g)); });
    } else if (current === 'bundles') {
      var bs = sorted(bundles.filter(bundleMatches), function (b) { return docs[b.doc].date; });
      total = bs.length; left = meta.leftOut.bundles; what = 'bundles';
      bs.slice(0, shown).forEach(function (b) { rows.push(bundleRow(b)); });
    } else {
      rows = otherRows();
      total = rows.length;
    }
    rows.forEach(function (r) { list.appendChild(r); });
    if (rows.length === 0) list.appendChild(el('li', { class: 'empty', text: 'Nothing matches.' }));
    if (total > shown && current !== 'other') {
      list.appendChild(el('li', { class: 'more' }, [el('button', { id: 'show-more', text: 'Show ' + Math.min(PAGE, total - shown) + ' more of ' + total.toLocaleString('en'), onclick: function () { shown += PAGE; render(); } })]));
    }
    leftOut.textContent = left > 0 ? 'This report shows the ' + meta.limit.toLocaleString('en') + ' largest ' + what + '; ' + plural(left, 'more is', 'more are') + ' left out (--report-limit).' : '';
  }

  function select(row) {
    Array.prototype.forEach.call(list.querySelectorAll('[aria-current]'), function (r) { r.removeAttribute('aria-current'); });
    row.setAttribute('aria-current', 'true');
  }

  function eventRow(e) {
    var row = el('li', { class: 'row', 'data-event-id': e.id }, [
      el('div', null, [el('span', { class: 'count', text: e.size.toLocaleString('en') }), el('span', { class: 'label', text: e.label })]),
      el('div', { class: 'muted', text: [e.id, dateRange(e.first, e.last), e.terms.slice(0, 5).join(', ')].filter(Boolean).join(' · ') }),
    ]);
    row.addEventListener('click', function () { select(row); showEvent(e); });
    return row;
  }

  function showEvent(e) {
    var body = el('tbody');
    e.members.forEach(function (m) {
      var d = docs[m[0]], seg = d.segments[m[1]] || [];
      var url = safeUrl(d.url);
      var title = url ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', text: docName(d) }) : el('span', { text: docName(d) });
      var flags = [];
      if (d.bundle) flags.push(el('a', { href: '#', text: 'bundle', onclick: function (ev) { ev.preventDefault(); openBundle(m[0]); } }));
      if (d.original !== null) flags.push(el('span', { class: 'muted', text: ' copy of ' + d.original }));
      body.appendChild(el('tr', { 'data-doc': d.id }, [
        el('td', null, [title, el('div', { class: 'muted', text: d.id + '#' + m[1] })].concat(flags)),
        el('td', { text: d.source || '' }),
        el('td', { text: d.date || '' }),
        el('td', { text: seg[4] || '' }),
        el('td', { class: 'why', title: 'cosine of this report and the event centre; the event terms it holds' }, [
          el('div', { class: 'fit', text: m[2] === null ? '' : m[2].toFixed(2) }),
          el('div', { class: 'muted', text: m[3].join(', ') }),
        ]),
      ]));
    });
    var more = e.size - e.members.length;
    fill(detail, [
      el('h2', { text: e.label }),
      el('p', { class: 'muted', text: [e.id, plural(e.size, 'report'), dateRange(e.first, e.last)].filter(Boolean).join(' · ') }),
      el('div', { class: 'terms' }, e.terms.map(function (t) { return el('span', { text: t }); })),
      el('table', { id: 'members' }, [el('thead', null, [el('tr', null, ['Report', 'Source', 'Date', 'Snippet', 'Why it is in'].map(function (h) { return el('th', { text: h }); }))]), body]),
      more > 0 ? el('p', { class: 'muted', text: plural(more, 'more report') + ' not listed.' }) : null,
    ]);
  }

  function groupRow(g) {
    var original = docs[g.original];
    var row = el('li', { class: 'row', 'data-group-id': g.id }, [
      el('div', null, [el('span', { class: 'count', text: g.size.toLocaleString('en') }), el('span', { class: 'label', text: docName(original) })]),
      el('div', { class: 'muted', text: [g.id, 'original ' + original.id, original.date].filter(Boolean).join(' · ') }),
    ]);
    row.addEventListener('click', function () { select(row); showGroup(g); });
    return row;
  }

  function diffView(text, ops) {
    var out = el('div', { class: 'text diff' }), pos = 0;
    ops.forEach(function (op) {
      if (op[0] === 1) out.appendChild(el('ins', { text: op[1] }));
      else {
        var part = text.slice(pos, pos + op[1]);
        pos += op[1];
        out.appendChild(op[0] === 0 ? document.createTextNode(part) : el('del', { text: part }));
      }
    });
    return out;
  }

  function showGroup(g) {
    var original = docs[g.original];
    var parts = [
      el('h2', { text: docName(original) }),
      el('p', { class: 'muted', text: g.id + ' · ' + plural(g.size, 'member') + ' · the original is ' + original.id + (original.date ? ' (' + original.date + ')' : '') }),
    ];
    g.copies.forEach(function (c) {
      var d = docs[c.doc];
      var j = c.jaccard === null ? '' : c.jaccard.with === original.id ? 'Jaccard ' + c.jaccard.value.toFixed(2) + ' with the original' : 'Jaccard ' + c.jaccard.value.toFixed(2) + ' with ' + c.jaccard.with;
      parts.push(el('div', { class: 'copy', 'data-doc': d.id }, [
        el('h3', { text: docName(d) }),
        el('p', { class: 'muted', text: [d.id, d.source, d.date, j].filter(Boolean).join(' · ') }),
        c.diff !== null && g.text !== null ? diffView(g.text, c.diff) : el('p', { class: 'muted', text: 'No word diff: the texts were not read again, or are too far apart to diff quickly.' }),
      ]));
    });
    if (g.listed.length > 0) parts.push(el('p', { class: 'muted', text: 'Also in the group: ' + g.listed.map(function (n) { return docs[n].id; }).join(', ') + (g.size - 1 - g.copies.length - g.listed.length > 0 ? ' and ' + (g.size - 1 - g.copies.length - g.listed.length) + ' more' : '') }));
    fill(detail, parts);
  }

  function bundleRow(b) {
    var d = docs[b.doc];
    var stories = d.segments.filter(function (s) { return s[3] !== null; }).map(function (s) { return s[3]; });
    var row = el('li', { class: 'row', 'data-bundle-doc': d.id }, [
      el('div', null, [el('span', { class: 'count', text: String(stories.length) }), el('span', { class: 'label', text: docName(d) })]),
      el('div', { class: 'muted', text: [d.id, d.date, 'events ' + stories.join(', ')].filter(Boolean).join(' · ') }),
    ]);
    row.addEventListener('click', function () { select(row); showBundle(b); });
    return row;
  }

  function openBundle(n) {
    var b = bundles.find(function (x) { return x.doc === n; });
    show('bundles');
    if (b) showBundle(b);
  }

  function showBundle(b) {
    var d = docs[b.doc];
    var text = el('div', { class: 'text bundle' }), pos = 0;
    d.segments.forEach(function (s, i) {
      if (b.text !== null && s[0] > pos) text.appendChild(document.createTextNode(b.text.slice(pos, s[0])));
      if (i > 0) text.appendChild(el('span', { class: 'boundary', 'aria-hidden': 'true' }));
      var event = s[3], e = event === null ? null : events[eventById.get(event)];
      var label = event === null ? 'boilerplate' : event + (e ? ': ' + e.label : '');
      var chip = el('span', { class: 'part-label', 'data-event': event || '', style: 'background:' + (event === null ? '#9aa3a9' : 'hsl(' + hue(event) + ',55%,42%)'), text: label + '  ' + s[0] + '–' + s[1] });
      if (e) chip.addEventListener('click', function () { show('events'); showEvent(e); });
      text.appendChild(chip);
      var body = b.text !== null ? b.text.slice(s[0], s[1]) : (s[4] || '');
      text.appendChild(el('span', { class: 'seg ' + (s[2] ? 'story' : 'boilerplate'), 'data-segment': String(i), style: s[2] ? 'background:hsl(' + hue(event) + ',70%,94%)' : null, text: body }));
      pos = s[1];
    });
    if (b.text !== null && pos < b.text.length) text.appendChild(document.createTextNode(b.text.slice(pos)));
    fill(detail, [
      el('h2', { text: docName(d) }),
      el('p', { class: 'muted', text: [d.id, d.source, d.date, plural(d.segments.length, 'part')].filter(Boolean).join(' · ') }),
      b.text === null ? el('p', { class: 'muted', text: 'The text was not read again; the parts show their snippets.' }) : null,
      text,
    ]);
  }

  function otherRows() {
    var rows = [];
    errors.forEach(function (e) { rows.push(el('li', { class: 'row error' }, [el('div', { class: 'label', text: e.source }), el('div', { class: 'muted', text: e.code + ': ' + e.message })])); });
    docs.forEach(function (d) {
      if (d.segments.some(function (s) { return s[3] !== null; })) return;
      rows.push(el('li', { class: 'row unplaced', 'data-doc': d.id }, [el('div', { class: 'label', text: docName(d) }), el('div', { class: 'muted', text: d.id + ' · in no event' + (d.warnings.length ? ' · ' + d.warnings.join('; ') : '') })]));
    });
    return rows;
  }

  show('events');
})();
`;
