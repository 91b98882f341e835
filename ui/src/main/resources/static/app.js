// srekg UI: one page, one view per URL (#/view/arg?at=...), so any view can be pasted into a chat.
'use strict';

const srekg = (window.srekg = { cy: null, view: null });

// ---------- small helpers

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

class ApiError extends Error {}

class Unauthorized extends Error {}

/** The token this browser presents, when srekg asks for one (kept in this browser's local storage). */
function authHeaders() {
  const token = localStorage.getItem('srekg.token');
  return token ? { Authorization: 'Bearer ' + token } : {};
}

// Reads that stay within one environment take the URL's `env` (issue 15); the console and delivery figures do not.
function withEnv(path) {
  const env = route().params.get('env');
  if (!env || !path.startsWith('/api/v1/') || /^\/api\/v1\/(cypher|delivery)/.test(path) || /[?&]env=/.test(path)) return path;
  return path + (path.includes('?') ? '&' : '?') + 'env=' + encodeURIComponent(env);
}

async function api(path, options = {}) {
  const res = await fetch(withEnv(path), { ...options, headers: { ...(options.headers || {}), ...authHeaders() } });
  if (res.status === 401) throw new Unauthorized();
  const type = res.headers.get('content-type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const detail = body && body.detail ? body.detail : res.status + ' ' + res.statusText;
    throw new ApiError(detail);
  }
  return body;
}

function showError(message) {
  const box = document.getElementById('error');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => (box.hidden = true), 8000);
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const pct = (r) => (r * 100).toFixed(r > 0 && r < 0.01 ? 2 : 1) + '%';
const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');
// An SLO breach as a badge's text, with what the SLO holds when the alert said it (issue 20).
const sloLabel = (b) =>
  'SLO ' + b.slo + (b.objective && b.objective !== 'unknown' ? ' (' + b.objective + ')' : '') +
  ' breached since ' + fmtTime(b.startsAt);
const fmtShort = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const healthColour = (rate) => (rate >= 0.05 ? '#d3362f' : rate >= 0.01 ? '#d99a1e' : '#2e9e5b');
const KIND_COLOURS = {
  deploy: '#2f5bd3', config: '#6b3fb5', flag: '#a23b9c', infra: '#5a6b7d', schema: '#3d7a3a',
  scale: '#8a6d00', ticket: '#0f8b8d', breach: '#d3362f', anomaly: '#b8470b',
};

/** A link to where a change can be seen (a flag's page, a ticket), http(s) only; nothing without one. */
function changeLink(link) {
  if (!link || !/^https?:\/\//.test(link)) return '';
  return el('a', { href: link, target: '_blank', rel: 'noopener noreferrer', class: 'change-link' }, 'open');
}

// ---------- routing and time

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || 'map', arg: parts[1], params: new URLSearchParams(query || '') };
}

function href(view, arg, params) {
  const p = new URLSearchParams(params || {});
  // The environment follows every link, so a staging page leads to staging pages.
  const env = route().params.get('env');
  if (env && !p.has('env')) p.set('env', env);
  for (const [k, v] of [...p]) if (v === '' || v === undefined || v === 'undefined') p.delete(k);
  // Readable URLs for chat: colons and commas of timestamps stay as they are.
  const q = [...p].map(([k, v]) => k + '=' + encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',')).join('&');
  return '#/' + view + (arg ? '/' + encodeURIComponent(arg) : '') + (q ? '?' + q : '');
}

/**
 * Opens a service's page. A service of another environment (a call crossing environments) is shown by its identity,
 * `prod/payment`: its page is that environment's.
 */
function goService(id, environment, current, params) {
  if (environment && environment !== current && id.startsWith(environment + '/')) {
    go('service', id.slice(environment.length + 1), { ...params, env: environment });
  } else {
    go('service', id, params);
  }
}

function go(view, arg, params) {
  const target = href(view, arg, params);
  if (target === location.hash) return;
  // Not ready until the new view has rendered (hashchange comes a moment later).
  document.body.dataset.ready = '';
  location.hash = target;
}

/** Replaces some parameters of the current view's URL. */
function setParams(changes) {
  const r = route();
  for (const [k, v] of Object.entries(changes)) {
    // Emptied rather than deleted, so that href does not carry the current environment back in.
    if (v === null || v === undefined || v === '') r.params.set(k, '');
    else r.params.set(k, v);
  }
  go(r.view, r.arg, r.params);
}

/** The moment the views show: the URL's `at`, else now (fixed when the view renders). */
function atOf(params) {
  return params.get('at') || new Date().toISOString();
}

function syncTimeControls(params) {
  const at = params.get('at');
  const input = document.getElementById('at');
  const slider = document.getElementById('slider');
  const label = document.getElementById('slider-label');
  const d = at ? new Date(at) : new Date();
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  input.value = local;
  // Live: the slider reaches a day back. At a chosen moment it moves twelve hours either way from it.
  slider.min = at ? -720 : -1440;
  slider.max = at ? 720 : 0;
  slider.value = 0;
  label.textContent = at ? 'chosen moment' : 'now';
}

function sliderLabel(minutes) {
  const live = !route().params.get('at');
  if (minutes === 0) return live ? 'now' : 'chosen moment';
  const abs = Math.abs(minutes);
  const span = abs >= 60 ? Math.floor(abs / 60) + ' h ' + (abs % 60) + ' min' : abs + ' min';
  return live ? span + ' ago' : (minutes < 0 ? '−' : '+') + span;
}

function initTimeControls() {
  const slider = document.getElementById('slider');
  slider.addEventListener('input', () => {
    document.getElementById('slider-label').textContent = sliderLabel(Number(slider.value));
  });
  slider.addEventListener('change', () => {
    const m = Number(slider.value);
    const at = route().params.get('at');
    if (m === 0) return;
    const base = at ? new Date(at).getTime() : Date.now();
    setParams({ at: iso(base + m * 60000) });
  });
  document.getElementById('at').addEventListener('change', (e) => {
    if (e.target.value) setParams({ at: iso(new Date(e.target.value).getTime()) });
  });
  document.getElementById('now').addEventListener('click', () => setParams({ at: null }));
  document.getElementById('time').addEventListener('submit', (e) => e.preventDefault());
}

// ---------- graph drawing

const GRAPH_STYLE = [
  { selector: 'node', style: {
      label: 'data(label)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 3, 'min-zoomed-font-size': 7,
      'background-color': '#5b6b8c', width: 18, height: 18, color: '#1d2330' } },
  { selector: 'node.virtual', style: { shape: 'round-rectangle', 'background-color': '#b5bdcc' } },
  { selector: 'node.group', style: {
      'background-color': '#f2f4f8', 'background-opacity': 0.7, 'border-color': '#d9dee8', 'border-width': 1,
      shape: 'round-rectangle', 'text-valign': 'top', 'font-size': 12, color: '#667085', label: 'data(label)' } },
  { selector: 'node.focus', style: { 'background-color': '#d3362f', width: 26, height: 26, 'font-weight': 700 } },
  { selector: 'node.suspect', style: { 'border-width': 4, 'border-color': '#7b2ff7' } },
  { selector: 'node.origin', style: { 'border-width': 4, 'border-style': 'dashed', 'border-color': '#b8470b' } },
  { selector: 'node.match', style: { 'border-width': 3, 'border-color': '#2f5bd3' } },
  { selector: 'edge', style: {
      width: 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
      'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8, opacity: 0.85 } },
  { selector: 'edge.message', style: { 'line-style': 'dashed' } },
  { selector: '.hl', style: { 'line-color': '#7b2ff7', 'target-arrow-color': '#7b2ff7', opacity: 1, 'z-index': 10 } },
  { selector: 'edge.hl', style: { width: 6 } },
  { selector: 'node.hl', style: { 'background-color': '#7b2ff7' } },
  { selector: 'node.focus', style: { 'background-color': '#d3362f' } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: '.faded', style: { opacity: 0.15 } },
];

function drawGraph(container, elements, options = {}) {
  if (srekg.cy) srekg.cy.destroy();
  const cy = cytoscape({ container, elements, style: GRAPH_STYLE, wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 3 });
  cy.layout(layoutFor(cy, options.root)).run();
  srekg.cy = cy;
  if (options.onNode) cy.on('tap', 'node', (e) => !e.target.hasClass('group') && options.onNode(e.target.id()));
  return cy;
}

/**
 * Calls flow top to bottom from the services nobody calls (or from `root`). Namespace groups get the force layout;
 * large estates get a quick grid by namespace, and the force layout on demand (Arrange).
 */
function layoutFor(cy, root, force) {
  const services = cy.nodes().filter((n) => !n.hasClass('group'));
  const grouped = cy.nodes('.group').length > 0;
  if (services.length > 300 && !force) {
    return { name: 'grid', avoidOverlap: true, sort: (a, b) => (a.data('sort') < b.data('sort') ? -1 : 1) };
  }
  if (grouped || force) {
    return { name: 'cose', animate: false, nodeRepulsion: 12000, idealEdgeLength: 80, nestingFactor: 0.6, gravity: 0.4, nodeDimensionsIncludeLabels: true };
  }
  const roots = root ? cy.getElementById(root) : services.filter((n) => n.indegree(false) === 0);
  // A call tree reads well from a few entry points; a slice of a larger estate wants the force layout.
  if (!root && (roots.length > 12 || services.length > 60)) {
    return { name: 'cose', animate: false, nodeRepulsion: 12000, idealEdgeLength: 80, gravity: 0.4, nodeDimensionsIncludeLabels: true };
  }
  return { name: 'breadthfirst', directed: true, roots: roots.length ? roots : undefined, spacingFactor: 1.05, animate: false, nodeDimensionsIncludeLabels: true };
}

function edgeData(source, target, kind, calls, errorRate) {
  return {
    data: {
      id: source + '->' + target + ':' + kind, source, target, calls, errorRate,
      width: Math.min(10, 1 + 2 * Math.log10(1 + (calls || 0))), colour: healthColour(errorRate || 0),
    },
    classes: kind === 'MESSAGE' ? 'message' : '',
  };
}

// ---------- topology map

async function mapView(main, params) {
  const at = atOf(params);
  const graph = await api('/api/v1/graph?at=' + encodeURIComponent(at));
  const namespaces = [...new Set(graph.nodes.map((n) => n.namespace).filter(Boolean))].sort();
  const teams = [...new Set(graph.nodes.flatMap((n) => n.teams))].sort();
  // Grouping by namespace keeps a large estate readable; a small one reads best as a call tree.
  const group = namespaces.length > 0 && (params.get('group') ? params.get('group') === 'on' : graph.nodes.length > 300);

  const search = el('input', { type: 'search', id: 'search', placeholder: 'find a service', value: params.get('q') || '' });
  const nsSelect = el('select', { id: 'namespace' }, el('option', { value: '' }, 'all namespaces'),
    namespaces.map((n) => el('option', { value: n, selected: params.get('ns') === n }, n)));
  const teamSelect = el('select', { id: 'team' }, el('option', { value: '' }, 'all teams'),
    teams.map((t) => el('option', { value: t, selected: params.get('team') === t }, t)));
  const groupBox = el('input', { type: 'checkbox', id: 'group', checked: group });
  const stats = el('span', { class: 'stats' });
  const box = el('div', { class: 'graph', id: 'topology' });
  main.append(
    el('div', { class: 'toolbar' }, search, nsSelect, teamSelect,
      el('label', {}, groupBox, ' group by namespace'),
      el('button', { type: 'button', id: 'arrange', onclick: () => srekg.cy.layout(layoutFor(srekg.cy, null, true)).run() }, 'Arrange'),
      stats),
    el('div', { class: 'legend' },
      el('span', {}, el('i', { style: 'background:#2e9e5b' }), 'errors < 1 %'),
      el('span', {}, el('i', { style: 'background:#d99a1e' }), '1–5 %'),
      el('span', {}, el('i', { style: 'background:#d3362f' }), '≥ 5 % (hour before the moment)'),
      el('span', {}, 'edge width: calls; dashed: messaging; square: uninstrumented peer')),
    box);

  // A large estate opens as one node per namespace with the calls between namespaces; choosing a namespace (or a
  // search or team) shows its services and their direct neighbours only.
  const large = graph.nodes.length > LARGE;
  const filtered = params.get('q') || params.get('ns') || params.get('team');
  if (large && !filtered) {
    drawNamespaces(box, graph, params);
    stats.textContent = graph.nodes.length + ' services in ' + namespaces.length + ' namespaces, ' + graph.edges.length +
      ' edges as of ' + fmtTime(graph.at) + ': choose a namespace';
    const pick = () => setParams({ q: search.value.trim(), ns: nsSelect.value, team: teamSelect.value });
    search.addEventListener('change', pick);
    nsSelect.addEventListener('change', pick);
    teamSelect.addEventListener('change', pick);
    return;
  }
  let nodes = graph.nodes;
  let edges = graph.edges;
  const outside = [];
  if (large) {
    // A search keeps its matches' neighbours; a namespace or team keeps its own services, and the calls that leave
    // them end at a node for the other namespace.
    const q = (params.get('q') || '').toLowerCase();
    const matched = new Set(graph.nodes.filter((n) => (!q || n.id.toLowerCase().includes(q)) &&
      (!params.get('ns') || n.namespace === params.get('ns')) &&
      (!params.get('team') || n.teams.includes(params.get('team')))).map((n) => n.id));
    const touching = graph.edges.filter((e) => matched.has(e.source) || matched.has(e.target));
    if (q) {
      edges = touching;
      const keep = new Set([...matched, ...edges.flatMap((e) => [e.source, e.target])]);
      nodes = graph.nodes.filter((n) => keep.has(n.id));
    } else {
      const nsOf = new Map(graph.nodes.map((n) => [n.id, n.namespace || '(none)']));
      const away = (id) => (matched.has(id) ? id : 'other:' + nsOf.get(id));
      const merged = new Map();
      for (const e of touching) {
        const s = away(e.source);
        const t = away(e.target);
        const m = merged.get(s + '->' + t) || { source: s, target: t, kind: e.kind, calls: 0, errors: 0 };
        m.calls += e.calls;
        m.errors += e.errors;
        merged.set(s + '->' + t, m);
      }
      edges = [...merged.values()].map((m) => ({ ...m, errorRate: m.calls ? m.errors / m.calls : 0 }));
      nodes = graph.nodes.filter((n) => matched.has(n.id));
      new Set(edges.flatMap((e) => [e.source, e.target]).filter((id) => id.startsWith('other:')))
        .forEach((id) => outside.push({ data: { id, label: id.slice(6) + ' (namespace)' }, classes: 'virtual outside' }));
    }
  }
  const elements = [...outside];
  if (group && !params.get('ns')) {
    namespaces.forEach((n) => elements.push({ data: { id: 'ns:' + n, label: n }, classes: 'group' }));
  }
  for (const n of nodes) {
    elements.push({
      data: {
        id: n.id, label: n.id, namespace: n.namespace || '', teams: n.teams, sort: (n.namespace || '~') + n.id,
        parent: group && !params.get('ns') && n.namespace ? 'ns:' + n.namespace : undefined,
      },
      classes: n.virtual ? 'virtual' : '',
    });
  }
  for (const e of edges) elements.push(edgeData(e.source, e.target, e.kind, e.calls, e.errorRate));
  const cy = drawGraph(box, elements, {
    onNode: (id) => (id.startsWith('other:') ? setParams({ ns: id.slice(6), team: null })
      : goService(id, (graph.nodes.find((n) => n.id === id) || {}).environment, graph.environment, { at: params.get('at') })),
  });
  cy.nodes('.group').filter((g) => g.children().length === 0).remove();

  const services = graph.nodes.length;
  stats.textContent = services + ' services, ' + graph.edges.length + ' edges' + (graph.truncated ? ' (truncated)' : '') +
    ' as of ' + fmtTime(graph.at);
  if (services === 0) box.append(el('p', { class: 'empty' }, 'No services at this moment. Is the demo world running, or traffic arriving on the spans topic?'));

  function applyFilter() {
    const q = search.value.trim().toLowerCase();
    const ns = nsSelect.value;
    const team = teamSelect.value;
    cy.elements().removeClass('hidden match');
    if (!q && !ns && !team) return;
    const matched = cy.nodes().filter((n) => !n.hasClass('group') &&
      (!q || n.id().toLowerCase().includes(q)) &&
      (!ns || n.data('namespace') === ns) &&
      (!team || (n.data('teams') || []).includes(team)));
    const keep = matched.union(matched.neighborhood()).union(matched.neighborhood().parents()).union(matched.parents());
    cy.elements().not(keep).addClass('hidden');
    if (q) matched.addClass('match');
    if (matched.length) cy.fit(keep.filter((e) => !e.hasClass('hidden')), 40);
  }
  applyFilter();
  const update = () => setParams({ q: search.value.trim(), ns: nsSelect.value, team: teamSelect.value });
  search.addEventListener('change', update);
  search.addEventListener('input', applyFilter);
  nsSelect.addEventListener('change', update);
  teamSelect.addEventListener('change', update);
  groupBox.addEventListener('change', () => setParams({ group: groupBox.checked ? 'on' : 'off' }));
}

const LARGE = 300;

/** One node per namespace (size by services), one edge per pair of namespaces that call each other. */
function drawNamespaces(box, graph, params) {
  const count = new Map();
  const nsOf = new Map(graph.nodes.map((n) => [n.id, n.namespace || '(none)']));
  graph.nodes.forEach((n) => count.set(nsOf.get(n.id), (count.get(nsOf.get(n.id)) || 0) + 1));
  const links = new Map();
  for (const e of graph.edges) {
    const a = nsOf.get(e.source);
    const b = nsOf.get(e.target);
    if (a === b) continue;
    const key = a + '->' + b;
    const l = links.get(key) || { source: 'ns:' + a, target: 'ns:' + b, calls: 0, errors: 0 };
    l.calls += e.calls;
    l.errors += e.errors;
    links.set(key, l);
  }
  const elements = [...count].map(([ns, n]) => ({
    data: { id: 'ns:' + ns, label: ns + ' (' + n + ')' },
    style: { width: 16 + 4 * Math.sqrt(n), height: 16 + 4 * Math.sqrt(n) },
  }));
  for (const l of links.values()) {
    const e = edgeData(l.source, l.target, 'CALL', l.calls, l.calls ? l.errors / l.calls : 0);
    elements.push(e);
  }
  const cy = drawGraph(box, elements, { onNode: (id) => setParams({ ns: id.slice(3) }) });
  cy.layout({ name: 'circle', avoidOverlap: true, animate: false }).run();
}

// ---------- service page

async function serviceView(main, name, params) {
  const at = atOf(params);
  const from = new Date(new Date(at).getTime() - 24 * 3600 * 1000).toISOString();
  const [service, timeline, graph] = await Promise.all([
    api('/api/v1/services/' + encodeURIComponent(name) + '?at=' + encodeURIComponent(at)),
    api('/api/v1/services/' + encodeURIComponent(name) + '/timeline?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(at)),
    api('/api/v1/graph?depth=1&service=' + encodeURIComponent(name) + '&at=' + encodeURIComponent(at)),
  ]);
  const running = service.running ? 'running ' + (service.running.version || '?') : 'no deploy known';
  main.append(
    el('h1', {}, name, ' ', el('span', { class: 'env', id: 'environment' }, service.environment), ' ', el('span', { class: 'sub' }, running)),
    el('p', { class: 'sub' },
      'as of ', fmtTime(at), service.teams.length ? ' · teams ' + service.teams.join(', ') : '',
      service.firstSeen ? ' · first seen ' + fmtTime(service.firstSeen) : '', ' · ',
      el('a', { href: href('context', name, { at }) }, 'incident context at this moment'), ' · ',
      el('a', { href: href('map', null, { at: params.get('at'), q: name }) }, 'on the map'), ' · ',
      el('a', { href: href('drift', null, { at: params.get('at') }), id: 'drift-link' }, 'declared against observed dependencies')));
  if (service.activeBreaches.length) {
    main.append(el('p', {}, service.activeBreaches.map((b) =>
      el('span', { class: 'badge bad' }, sloLabel(b)))));
  }
  main.append(el('h2', {}, 'Last 24 hours'), timelineStrip(timeline, from, at));
  main.append(eventTable(timeline.slice().reverse()));

  const down = graph.edges.filter((e) => e.source === name);
  const up = graph.edges.filter((e) => e.target === name);
  const neighbours = (list, key, title) => el('div', {}, el('h2', {}, title),
    list.length === 0 ? el('p', { class: 'empty' }, 'none') :
      el('table', { class: 'neighbours' },
        el('tr', {}, el('th', {}, 'service'), el('th', {}, 'kind'), el('th', { class: 'num' }, 'calls (hour)'), el('th', { class: 'num' }, 'errors')),
        list.map((e) => el('tr', { class: 'clickable', onclick: () => go('service', e[key], { at: params.get('at') }) },
          el('td', {}, e[key]), el('td', {}, e.kind.toLowerCase()), el('td', { class: 'num' }, e.calls),
          el('td', { class: 'num', style: 'color:' + healthColour(e.errorRate) }, pct(e.errorRate))))));
  const box = el('div', { class: 'graph small', id: 'neighbourhood' });
  main.append(el('div', { class: 'cols' },
    el('div', {}, neighbours(down, 'target', 'Calls (downstream)'), neighbours(up, 'source', 'Called by (upstream)')),
    el('div', {}, el('h2', {}, 'Neighbourhood'), box)));
  const elements = graph.nodes.map((n) => ({ data: { id: n.id, label: n.id }, classes: (n.virtual ? 'virtual' : '') + (n.id === name ? ' focus' : '') }));
  graph.edges.forEach((e) => elements.push(edgeData(e.source, e.target, e.kind, e.calls, e.errorRate)));
  drawGraph(box, elements, { onNode: (id) => goService(id, (graph.nodes.find((n) => n.id === id) || {}).environment, graph.environment, { at: params.get('at') }) });
}

function eventTable(events) {
  if (!events.length) return el('p', { class: 'empty' }, 'No deploys, config or flag changes, scale events, tickets or breaches in this time.');
  return el('table', { class: 'events' },
    el('tr', {}, el('th', {}, 'when'), el('th', {}, 'kind'), el('th', {}, 'service'), el('th', {}, 'what')),
    events.map((e) => el('tr', {},
      el('td', {}, fmtTime(e.at)),
      el('td', {}, el('span', { class: 'badge', style: 'color:' + (KIND_COLOURS[e.kind] || '#333') }, e.kind)),
      el('td', {}, el('a', { href: href('service', e.service, {}) }, e.service)),
      el('td', {}, e.summary, ' ', changeLink(e.link),
        e.mapping ? el('div', { class: 'sub' }, 'mapped by ' + e.mapping) : ''))));
}

/** Events as marks on a time axis from `from` to `to`; the right edge is the moment shown. */
function timelineStrip(events, from, to) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 1000 92');
  svg.setAttribute('preserveAspectRatio', 'none');
  const t0 = new Date(from).getTime();
  const t1 = new Date(to).getTime();
  const x = (t) => 10 + ((t - t0) / Math.max(1, t1 - t0)) * 980;
  const add = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text) e.textContent = text;
    svg.append(e);
    return e;
  };
  add('line', { x1: 10, x2: 990, y1: 70, y2: 70, stroke: '#d9dee8' });
  for (let i = 0; i <= 6; i++) {
    const t = t0 + ((t1 - t0) * i) / 6;
    add('text', { x: x(t), y: 88, 'font-size': 10, fill: '#667085', 'text-anchor': 'middle' }, fmtShort(new Date(t).toISOString()));
  }
  const rows = { deploy: 12, config: 12, flag: 12, infra: 12, schema: 12, scale: 26, ticket: 40, breach: 54 };
  for (const e of events) {
    const t = new Date(e.at).getTime();
    if (t < t0 || t > t1) continue;
    const mark = add('circle', { cx: x(t), cy: rows[e.kind] || 54, r: 5, fill: KIND_COLOURS[e.kind] || '#333', class: 'mark ' + e.kind });
    const title = document.createElementNS(ns, 'title');
    title.textContent = fmtTime(e.at) + ' ' + e.kind + ' ' + e.service + ': ' + e.summary;
    mark.append(title);
  }
  add('line', { x1: x(t1), x2: x(t1), y1: 4, y2: 72, stroke: '#d3362f', 'stroke-dasharray': '3 3' });
  return el('div', { class: 'timeline' }, svg,
    el('div', { class: 'legend' }, Object.entries(KIND_COLOURS).map(([k, c]) => el('span', {}, el('i', { style: 'background:' + c }), k))));
}

// ---------- incident context

async function incidentView(main, id) {
  const detail = await api('/api/v1/incidents/' + encodeURIComponent(id));
  const i = detail.incident;
  main.append(
    el('h1', {}, i.service, ' ', el('span', { class: 'env', id: 'environment' }, i.environment), ' · ', i.slo, ' ', el('span', { class: 'badge ' + i.status }, i.status)),
    el('p', { class: 'sub' }, 'opened ', fmtTime(i.openedAt), i.resolvedAt ? ' · resolved ' + fmtTime(i.resolvedAt) : '',
      ' · severity ', i.severity, ' · ', el('a', { href: href('context', i.service, { at: i.openedAt }) }, 'recompute now'),
      ' · ', el('a', { href: href('service', i.service, { at: i.openedAt }) }, 'service page'),
      /^https?:\/\//.test(i.generatorUrl || '') ? [' · ', el('a', { id: 'generator', href: i.generatorUrl, rel: 'noopener' }, 'alert source')] : ''));
  renderContext(main, detail.context);
}

/**
 * The stable link Alertmanager and Grafana put in alerts (docs/alert-links.md): #/alert?fingerprint=&startsAt=&service=
 * opens the alert's incident when srekg has one, else the service's context at the alert's start (issue 22).
 */
async function alertView(params) {
  const link = await api('/api/v1/alert-link?' + new URLSearchParams([...params]));
  location.replace(link.ui);
}

async function contextView(main, service, params) {
  const at = atOf(params);
  const query = new URLSearchParams({ at });
  if (params.get('depth')) query.set('depth', params.get('depth'));
  if (params.get('window')) query.set('window', params.get('window'));
  const context = await api('/api/v1/services/' + encodeURIComponent(service) + '/context?' + query);
  main.append(el('h1', {}, 'What changed around ', service, ' ', el('span', { class: 'env', id: 'environment' }, context.environment)),
    el('p', { class: 'sub' }, 'as of ', fmtTime(context.at), ' · window ', context.window, ' · depth ', context.depth,
      (context.clusters || []).length ? ' · clusters ' + context.clusters.join(', ') : '',
      ' · ', el('a', { href: href('service', service, { at }) }, 'service page')));
  renderContext(main, context);
}

/** The environment of a service the context names: a neighbour's own (a call crossing environments), else the context's. */
function environmentOf(context, service) {
  const n = [...context.dependencies.downstream, ...context.dependencies.upstream].find((x) => x.service === service);
  return (n && n.environment) || context.environment;
}

function renderContext(main, context) {
  const service = context.service;
  if (context.slos.length) {
    main.append(el('p', {}, context.slos.map((b) => el('span', { class: 'badge bad' }, sloLabel(b)))));
  }
  // What, where and who: the likely cause (or why there is none), where errors originate, the services hit.
  const origin = context.origin;
  main.append(el('div', { id: 'verdict', class: 'verdict ' + (context.abstained ? 'abstained' : 'decided') },
    el('p', {}, el('strong', {}, context.abstained ? 'No decisive suspect. ' : ''), context.verdict || ''),
    origin ? el('p', { id: 'origin' }, 'Errors originate at ', el('strong', {}, origin.service),
      origin.caller ? ' (the calls from ' + origin.caller + ')' : ' (the service itself)',
      ', ' + origin.hops + ' hop' + (origin.hops === 1 ? '' : 's') + ' down: errors ' + (100 * origin.before.errorRate).toFixed(1) +
      '% → ' + (100 * origin.after.errorRate).toFixed(1) + '%, p99 ' + Math.round(origin.before.p99Ms) + ' → ' +
      Math.round(origin.after.p99Ms) + ' ms') : el('p', { id: 'origin', class: 'sub' }, 'No unhealthy dependency below this service.'),
    el('p', { id: 'impacted' }, 'Impacted: ', (context.impacted || [service]).join(', ')),
    ownerLine(service, (context.owners || {})[service], context)));
  const box = el('div', { class: 'graph small', id: 'incident-graph' });
  const suspectsBox = el('div', { id: 'suspects' });
  main.append(el('div', { class: 'cols' },
    el('div', {}, el('h2', {}, 'Suspects'), suspectsBox),
    el('div', {}, el('h2', {}, 'Neighbourhood at that moment'), box,
      el('div', { class: 'legend' }, el('span', {}, 'red node: breached service; purple: path to the selected suspect; dashed orange: where errors originate; edge colour: errors after the change window')))));
  const windowMs = isoDurationMs(context.window);
  const from = new Date(new Date(context.at).getTime() - windowMs).toISOString();
  const shown = context.eventsTotal > context.events.length ? ` (latest ${context.events.length} of ${context.eventsTotal}; all are ranked)` : '';
  main.append(el('h2', {}, 'Changes in the window' + shown), timelineStrip(context.events, from, context.at), eventTable(context.events.slice().reverse()));

  // The graph: the service and every neighbour, with the edges of their paths.
  const all = [...context.dependencies.downstream.map((n) => ({ ...n, dir: 'downstream' })),
               ...context.dependencies.upstream.map((n) => ({ ...n, dir: 'upstream' }))];
  const nodes = new Map([[service, { data: { id: service, label: service }, classes: 'focus' }]]);
  const edges = new Map();
  for (const n of all) {
    nodes.set(n.service, { data: { id: n.service, label: n.service }, classes: n.virtual ? 'virtual' : '' });
    const path = n.path && n.path.length ? n.path : [service, n.service];
    for (let k = 0; k + 1 < path.length; k++) {
      const [a, b] = n.dir === 'downstream' ? [path[k], path[k + 1]] : [path[k + 1], path[k]];
      if (!nodes.has(path[k + 1])) nodes.set(path[k + 1], { data: { id: path[k + 1], label: path[k + 1] } });
      const last = k + 2 === path.length;
      const id = a + '->' + b + ':CALL';
      if (!edges.has(id) || last) {
        const health = last ? n.after || n.before : null;
        edges.set(id, edgeData(a, b, 'CALL', health ? health.calls : 1, health ? health.errorRate : 0));
      }
    }
  }
  // The origin may lie below the walk's depth: draw the unhealthy path down to it.
  if (origin && origin.path) {
    for (let k = 0; k < origin.path.length; k++) {
      const name = origin.path[k];
      if (!nodes.has(name)) nodes.set(name, { data: { id: name, label: name } });
      if (k + 1 < origin.path.length) {
        const id = name + '->' + origin.path[k + 1] + ':CALL';
        if (!edges.has(id)) edges.set(id, edgeData(name, origin.path[k + 1], 'CALL', 1, k + 2 === origin.path.length ? origin.after.errorRate : 0));
      }
    }
    const o = nodes.get(origin.service);
    o.classes = ((o.classes || '') + ' origin').trim();
  }
  const cy = drawGraph(box, [...nodes.values(), ...edges.values()], { root: service, onNode: (id) => goService(id, environmentOf(context, id), context.environment, { at: context.at }) });
  const pathOf = (s) => {
    if (s.kind === 'anomaly' && s.path) return s.path;
    if (s.kind === 'anomaly' && origin && origin.service === s.service) return origin.path;
    if (s.service === service) return [service];
    const n = all.find((x) => x.service === s.service && x.dir === s.direction) || all.find((x) => x.service === s.service);
    return n ? (n.path && n.path.length ? n.path : [service, n.service]) : null;
  };
  function highlight(s, row) {
    cy.elements().removeClass('hl suspect');
    suspectsBox.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    if (row) row.classList.add('selected');
    const path = pathOf(s);
    srekg.highlighted = { suspect: s.id, service: s.service, path };
    if (!path) return;
    const node = cy.getElementById(s.service);
    node.addClass('suspect');
    for (let k = 0; k < path.length; k++) {
      cy.getElementById(path[k]).addClass('hl');
      if (k + 1 < path.length) {
        cy.edges().filter((e) => (e.source().id() === path[k] && e.target().id() === path[k + 1]) ||
          (e.source().id() === path[k + 1] && e.target().id() === path[k])).addClass('hl');
      }
    }
  }
  if (!context.suspects.length) {
    suspectsBox.append(el('p', { class: 'empty' }, 'No changes near this service in the window.'));
    return;
  }
  const table = el('table', { class: 'suspects' },
    el('tr', {}, el('th', {}, '#'), el('th', { class: 'num' }, 'score'), el('th', {}, 'change'), el('th', {}, 'where'), el('th', {}, 'why')));
  context.suspects.forEach((s) => {
    const factors = Object.entries(s.factors).map(([k, v]) =>
      el('span', { class: 'factor', title: k }, k + ' ' + (typeof v === 'number' ? +v.toFixed(3) : String(v))));
    const row = el('tr', { class: 'clickable suspect-row' + (s.kind === 'anomaly' ? ' anomaly' : ''), 'data-rank': s.rank, 'data-service': s.service, 'data-kind': s.kind },
      el('td', {}, s.rank), el('td', { class: 'num' }, s.score.toFixed(3)),
      el('td', {}, el('span', { class: 'badge', style: 'color:' + (KIND_COLOURS[s.kind] || '#333') }, s.kind), ' ', s.summary || s.id, ' ', changeLink(s.link),
        el('div', { class: 'sub' }, fmtTime(s.at))),
      el('td', {}, s.service, el('div', { class: 'sub' }, environmentOf(context, s.service) + ' · ' + s.direction + (s.hops ? ', ' + s.hops + ' hop' + (s.hops > 1 ? 's' : '') : '')),
        (context.owners || {})[s.service] && context.owners[s.service].team
          ? el('div', { class: 'sub owner' }, 'team ' + context.owners[s.service].team) : ''),
      el('td', {}, el('div', { class: 'explanation' }, s.explanation), el('div', {}, factors)));
    row.addEventListener('click', () => highlight(s, row));
    table.append(row);
  });
  suspectsBox.append(table);
  // Abstaining, the first row is not presented as the cause.
  if (!context.abstained) highlight(context.suspects[0], table.querySelector('tr.suspect-row'));
}

// Who owns the breached service and how to reach them, from the catalog (issue 18). A stored incident's context
// may predate the catalog's import: then the catalog is asked as of the context's moment.
function ownerLine(service, o, context) {
  if (o) return ownerParagraph(o);
  const line = el('p', { id: 'owner', class: 'sub' }, 'Looking ' + service + ' up in the catalog…');
  api('/api/v1/services/' + encodeURIComponent(service) + '/ownership?env=' + encodeURIComponent(context.environment) +
      '&at=' + encodeURIComponent(context.at))
    .then((found) => line.replaceWith(ownerParagraph(found)))
    .catch(() => { line.textContent = 'The catalog does not describe ' + service + '.'; });
  return line;
}

function ownerParagraph(o) {
  const parts = [];
  if (o.team) parts.push(el('strong', {}, o.team + (o.teamTitle ? ' (' + o.teamTitle + ')' : '')));
  if (o.slackChannel) parts.push(' · ' + o.slackChannel);
  if (o.pagerDutyService) parts.push(' · PagerDuty ' + o.pagerDutyService);
  (o.runbooks || []).forEach((r) => parts.push(' · ', el('a', { href: r.url, target: '_blank', rel: 'noopener' }, r.title || 'runbook')));
  return el('p', { id: 'owner' }, 'Owner: ', ...parts);
}

function isoDurationMs(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso || '');
  if (!m) return 2 * 3600 * 1000;
  return ((+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0)) * 1000;
}

// ---------- incidents list

async function incidentsView(main) {
  const incidents = await api('/api/v1/incidents?limit=200');
  main.append(el('h1', {}, 'Incidents'), el('p', { class: 'sub' }, 'One per SLO breach, newest first; the context was computed when it fired and settled as late data arrived.'));
  if (!incidents.length) {
    main.append(el('p', { class: 'empty' }, 'No incidents yet. The demo world fires its first about a minute and a half after start.'));
    return;
  }
  main.append(el('table', { class: 'incidents' },
    el('tr', {}, el('th', {}, 'status'), el('th', {}, 'opened'), el('th', {}, 'service'), el('th', {}, 'SLO'), el('th', {}, 'severity'), el('th', {}, 'top suspect')),
    incidents.map((i) => el('tr', { class: 'clickable incident-row', 'data-id': i.id, onclick: () => go('incident', i.id) },
      el('td', {}, el('span', { class: 'badge ' + i.status }, i.status)), el('td', {}, fmtTime(i.openedAt)),
      el('td', {}, i.service), el('td', {}, i.slo), el('td', {}, i.severity), el('td', {}, i.topSuspect || '')))));
}

// ---------- estate timeline of configuration and flag changes

/** Every config, flag, infrastructure and schema change of the day before the moment, mapped to a service or not. */
async function changesView(main, params) {
  const to = params.get('at') || new Date().toISOString();
  const from = iso(new Date(to).getTime() - 86400000);
  const changes = await api('/api/v1/changes?' + new URLSearchParams({ from, to }));
  main.append(el('h1', {}, 'Changes'), el('p', { class: 'sub' },
    'Configuration, flag, infrastructure and schema changes of the day before the moment in the header, newest first, '
    + 'with the rule that mapped each to its services; an unmapped change shows only here.'));
  if (!changes.length) {
    main.append(el('p', { class: 'empty' }, 'No configuration or flag changes in this time.'));
    return;
  }
  main.append(el('table', { class: 'events changes' },
    el('tr', {}, el('th', {}, 'when'), el('th', {}, 'kind'), el('th', {}, 'what'), el('th', {}, 'services'), el('th', {}, 'mapped by')),
    changes.map((c) => el('tr', { class: 'change-row', 'data-key': c.key },
      el('td', {}, fmtTime(c.at)),
      el('td', {}, el('span', { class: 'badge', style: 'color:' + (KIND_COLOURS[c.kind] || '#333') }, c.kind)),
      el('td', {}, c.target + (c.summary ? ': ' + c.summary : ''), ' ', changeLink(c.link),
        el('div', { class: 'sub' }, [c.source, c.environment, c.author].filter(Boolean).join(' · '))),
      el('td', {}, c.services.length
        ? c.services.map((svc) => el('a', { href: href('service', svc, {}), class: 'service-link' }, svc + ' '))
        : el('span', { class: 'sub' }, 'none')),
      el('td', {}, c.mapping)))));
}

// ---------- catalog drift (issue 18)

/** Declared against observed dependencies of each service the catalog describes in the environment shown. */
async function driftView(main, params) {
  const at = atOf(params);
  const drift = await api('/api/v1/catalog/drift?at=' + encodeURIComponent(at));
  main.append(
    el('h1', {}, 'Catalog drift ', el('span', { class: 'env', id: 'environment' }, drift.environment)),
    el('p', { class: 'sub' },
      'Dependencies the catalog declares (dependsOn, and the providers of the APIs a service consumes) against the calls '
      + 'traces showed by the moment in the header, for each service the catalog describes.'),
    el('p', { class: 'legend', id: 'drift-totals' },
      el('span', {}, el('i', { style: 'background:var(--bad)' }), drift.declaredNotObserved + ' declared, never observed'),
      el('span', {}, el('i', { style: 'background:var(--warn)' }), drift.observedNotDeclared + ' observed, not declared'),
      el('span', {}, el('i', { style: 'background:var(--ok)' }),
        drift.services.reduce((n, r) => n + r.confirmed.length, 0) + ' confirmed')));
  if (!drift.services.length) {
    main.append(el('p', { class: 'empty' }, 'The catalog describes no service in ' + drift.environment + ' at this moment.'));
    return;
  }
  const deps = (list, kind) => (list.length
    ? list.map((d) => el('a', { href: href('service', d, { at: params.get('at') }), class: 'badge ' + kind }, d))
    : el('span', { class: 'sub' }, '—'));
  main.append(el('table', { class: 'drift' },
    el('tr', {}, el('th', {}, 'service'), el('th', {}, 'team'), el('th', {}, 'declared, never observed'),
      el('th', {}, 'observed, not declared'), el('th', {}, 'confirmed')),
    drift.services.map((r) => el('tr', {
      class: 'drift-row' + (r.declaredOnly.length || r.observedOnly.length ? ' drifting' : ''), 'data-service': r.service },
    el('td', {}, el('a', { href: href('service', r.service, { at: params.get('at') }) }, r.service)),
    el('td', {}, r.team || el('span', { class: 'sub' }, 'none')),
    el('td', { class: 'declared-only' }, deps(r.declaredOnly, 'bad')),
    el('td', { class: 'observed-only' }, deps(r.observedOnly, 'warn')),
    el('td', { class: 'confirmed' }, deps(r.confirmed, 'ok'))))));
}

// ---------- delivery

const fmtDuration = (seconds) => {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min';
  if (seconds < 86400) return (seconds / 3600).toFixed(1) + ' h';
  return (seconds / 86400).toFixed(1) + ' d';
};

/** Deployment frequency, lead time, change failure rate, time to restore, breaches and causes per group. */
async function deliveryView(main, params) {
  const by = params.get('by') || 'service';
  const days = Number(params.get('days') || 30);
  const to = params.get('at') || new Date().toISOString();
  const from = iso(new Date(to).getTime() - days * 86400000);
  const q = new URLSearchParams({ from, to, by });
  for (const k of ['service', 'team', 'environment']) if (params.get(k)) q.set(k, params.get(k));
  const report = await api('/api/v1/delivery?' + q);
  const select = (name, value, options, onChange) => el('select', { 'aria-label': name, onchange: (e) => onChange(e.target.value) },
    options.map(([v, label]) => el('option', { value: v, selected: v === value }, label)));
  main.append(
    el('h1', {}, 'Delivery'),
    el('p', { class: 'sub' }, 'The DORA measures and SLO breaches from the graph, over the ' + (days === 1 ? 'day' : days + ' days') + ' before the moment in the header. '
      + 'A deploy failed when it became the settled top suspect of an incident. Click a row for the deploys and incidents behind each number.'),
    el('div', { class: 'toolbar' },
      select('group by', by, [['service', 'by service'], ['team', 'by team'], ['environment', 'by environment']], (v) => setParams({ by: v })),
      select('period', String(days), [['1', 'last day'], ['7', 'last 7 days'], ['30', 'last 30 days'], ['90', 'last 90 days']], (v) => setParams({ days: v }))));
  const groups = [...report.groups, report.total];
  const causes = Object.keys(report.total.incidentsByCause);
  const table = el('table', { class: 'delivery' },
    el('tr', {}, el('th', {}, by), el('th', { class: 'num' }, 'deploys'), el('th', { class: 'num' }, 'per day'),
      el('th', { class: 'num' }, 'lead time (median / p90)'), el('th', { class: 'num' }, 'change failure rate'),
      el('th', { class: 'num' }, 'time to restore (median / p90)'), el('th', { class: 'num' }, 'breach minutes'),
      el('th', {}, 'incidents by cause')));
  for (const g of groups) {
    const lt = g.leadTime.status === 'known' ? fmtDuration(g.leadTime.medianSeconds) + ' / ' + fmtDuration(g.leadTime.p90Seconds) : 'unknown';
    const cf = g.changeFailure.rate === null ? '—' : pct(g.changeFailure.rate) + ' (' + g.changeFailure.failed + '/' + g.changeFailure.deploys + ')';
    const ttr = g.timeToRestore.medianSeconds === null ? '—' : fmtDuration(g.timeToRestore.medianSeconds) + ' / ' + fmtDuration(g.timeToRestore.p90Seconds);
    const minutes = g.slos.reduce((n, s) => n + s.breachMinutes, 0);
    const detail = el('tr', { class: 'delivery-detail', hidden: true }, el('td', { colspan: 8 }, deliveryDetail(g)));
    table.append(
      el('tr', { class: 'clickable delivery-row' + (g === report.total ? ' total' : ''), 'data-name': g.name, onclick: () => (detail.hidden = !detail.hidden) },
        el('td', {}, g === report.total ? 'all' : g.name), el('td', { class: 'num' }, g.deployments.count),
        el('td', { class: 'num' }, g.deployments.perDay.toFixed(2)), el('td', { class: 'num' }, lt), el('td', { class: 'num' }, cf),
        el('td', { class: 'num' }, ttr + (g.timeToRestore.unresolved ? ' · ' + g.timeToRestore.unresolved + ' open' : '')),
        el('td', { class: 'num' }, minutes),
        el('td', {}, causes.filter((c) => g.incidentsByCause[c].count).map((c) => el('span', { class: 'factor' }, c + ' ' + g.incidentsByCause[c].count)))),
      detail);
  }
  main.append(report.groups.length ? table : el('p', { class: 'empty' }, 'No deploys, incidents or breaches in this period.'));
}

function deliveryDetail(g) {
  const incidentLink = (id) => el('a', { href: href('incident', id) }, id);
  const deployLink = (d) => el('a', { href: href('service', d.service, { at: d.at }) }, d.service + ' ' + (d.version || d.key));
  return el('div', { class: 'cols' },
    el('div', {},
      el('h2', {}, 'Deploys (' + g.deployments.count + ')'),
      el('ul', {}, g.deployments.deploys.slice(0, 100).map((d) => el('li', {}, deployLink(d), ' ', fmtTime(d.at),
        d.leadTimeSeconds !== null ? ' · lead time ' + fmtDuration(d.leadTimeSeconds) : ''))),
      el('h2', {}, 'Failed deploys (' + g.changeFailure.failed + ')'),
      el('ul', { class: 'failures' }, g.changeFailure.failures.map((f) => el('li', {}, f.service + ' ' + fmtTime(f.at) + ' caused ',
        f.incidents.flatMap((id, i) => (i ? [', ', incidentLink(id)] : [incidentLink(id)])))))),
    el('div', {},
      el('h2', {}, 'Incidents (' + g.timeToRestore.incidents.length + ')'),
      el('ul', { class: 'incident-links' }, g.timeToRestore.incidents.map((i) => el('li', {}, incidentLink(i.id), ' ', i.service, ' ', i.slo,
        ' · ', i.restoreSeconds === null ? 'open' : 'restored in ' + fmtDuration(i.restoreSeconds), ' · cause: ' + i.cause + (i.settled ? '' : ' (settling)')))),
      el('h2', {}, 'SLO breaches'),
      el('ul', {}, g.slos.map((s) => el('li', {}, s.service + '/' + s.slo + ': ' + s.breaches + ' breaches, ' + s.breachMinutes + ' min')))));
}

// ---------- Cypher console

let cookbook = null;

async function loadCookbook() {
  if (cookbook) return cookbook;
  try {
    const text = await (await fetch('cypher-cookbook.md')).text();
    cookbook = [];
    const re = /^## (.+)\n[\s\S]*?```cypher\n([\s\S]*?)```/gm;
    let m;
    while ((m = re.exec(text))) cookbook.push({ title: m[1].trim(), query: m[2].trim() });
  } catch (e) {
    cookbook = [];
  }
  return cookbook;
}

async function cypherView(main, params) {
  const saved = await loadCookbook();
  const query = el('textarea', { id: 'query', spellcheck: 'false' });
  query.value = params.get('q') || 'MATCH (s:Service)-[d:DEPENDS_ON]->(t:Service) WHERE d.open RETURN s, d, t LIMIT 50';
  const parameters = el('textarea', { id: 'parameters', spellcheck: 'false', style: 'min-height:3.5rem' });
  parameters.value = params.get('p') || JSON.stringify({ service: 'checkout', at: params.get('at') || new Date().toISOString() });
  const result = el('div', { id: 'result' });
  const run = async () => {
    setParams({ q: query.value, p: parameters.value });
  };
  main.append(el('h1', {}, 'Cypher'),
    el('p', { class: 'sub' }, 'Read-only: a READ transaction with a timeout and a row cap. Bolt is open too, for Neo4j Browser and cypher-shell.'),
    el('div', { class: 'saved' }, saved.map((c) => el('button', { type: 'button', class: 'saved-query', onclick: () => { query.value = c.query; } }, c.title))),
    query, el('label', { class: 'sub' }, 'parameters (JSON)'), parameters,
    el('div', { class: 'toolbar' }, el('button', { class: 'primary', id: 'run', onclick: run }, 'Run'), el('span', { class: 'sub' }, 'Ctrl+Enter')),
    result);
  query.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
  if (!params.get('q')) return;
  let parsed;
  try {
    parsed = JSON.parse(parameters.value || '{}');
  } catch (e) {
    result.append(el('p', { class: 'badge bad' }, 'parameters are not JSON: ' + e.message));
    return;
  }
  try {
    const answer = await api('/api/v1/cypher', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: query.value, parameters: parsed }),
    });
    renderCypher(result, answer);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    result.append(el('p', { class: 'badge bad', id: 'cypher-error' }, e.message));
  }
}

function renderCypher(result, answer) {
  const cell = (v) => (v && typeof v === 'object' ? JSON.stringify(v.properties || v) : String(v));
  result.append(el('p', { class: 'sub' }, answer.rows.length + ' rows' + (answer.truncated ? ' (truncated at the row cap)' : '')));
  if (answer.nodes.length) {
    const box = el('div', { class: 'graph small', id: 'cypher-graph' });
    result.append(box);
    const elements = answer.nodes.map((n) => ({ data: { id: n.id, label: (n.properties.name || n.properties.key || n.labels[0] || n.id) + '' } }));
    const ids = new Set(answer.nodes.map((n) => n.id));
    answer.relationships.filter((r) => ids.has(r.start) && ids.has(r.end)).forEach((r) =>
      elements.push({ data: { id: r.id, source: r.start, target: r.end, width: 2, colour: '#8893a8' } }));
    drawGraph(box, elements);
  }
  result.append(el('table', { class: 'rows' },
    el('tr', {}, answer.columns.map((c) => el('th', {}, c))),
    answer.rows.map((r) => el('tr', {}, answer.columns.map((c) => el('td', {}, cell(r[c])))))));
}

/** srekg wants a token: ask for it once, keep it in this browser, and show the view again. */
function tokenForm() {
  const input = el('input', { type: 'password', id: 'token', placeholder: 'token', autocomplete: 'off' });
  return el('form', { class: 'toolbar', id: 'token-form', onsubmit: (e) => {
      e.preventDefault();
      localStorage.setItem('srekg.token', input.value.trim());
      render();
    } },
    el('span', {}, 'This srekg needs a token (one of srekg.security.tokens).'), input,
    el('button', { class: 'primary' }, 'Use it'));
}

// ---------- main loop

const VIEWS = {
  map: (main, r) => mapView(main, r.params),
  service: (main, r) => serviceView(main, r.arg, r.params),
  context: (main, r) => contextView(main, r.arg, r.params),
  incident: (main, r) => incidentView(main, r.arg),
  alert: (main, r) => alertView(r.params),
  incidents: (main) => incidentsView(main),
  changes: (main, r) => changesView(main, r.params),
  delivery: (main, r) => deliveryView(main, r.params),
  drift: (main, r) => driftView(main, r.params),
  cypher: (main, r) => cypherView(main, r.params),
};

/** The header's environment selector: the environments the graph holds, the URL's `env` selected. */
async function syncEnvironment(params) {
  const select = document.getElementById('env');
  if (!select.dataset.loaded) {
    select.dataset.loaded = 'yes';
    select.addEventListener('change', () => setParams({ env: select.value === select.dataset.default ? null : select.value }));
    try {
      const list = await api('/api/v1/environments');
      select.dataset.default = list.defaultEnvironment;
      select.replaceChildren(...list.environments.map((e) => el('option', { value: e }, e)));
    } catch (e) {
      select.dataset.loaded = '';
      if (!(e instanceof ApiError) && !(e instanceof Unauthorized)) throw e;
    }
  }
  const env = params.get('env') || select.dataset.default || '';
  if (env && ![...select.options].some((o) => o.value === env)) select.append(el('option', { value: env }, env));
  select.value = env;
  document.querySelectorAll('nav a').forEach((a) => {
    a.href = href(a.dataset.view, null, {});
  });
}

async function render() {
  const r = route();
  const view = VIEWS[r.view] ? r.view : 'map';
  document.body.dataset.ready = '';
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active',
    a.dataset.view === view || (a.dataset.view === 'incidents' && view === 'incident')));
  syncTimeControls(r.params);
  await syncEnvironment(r.params);
  const main = document.getElementById('view');
  main.replaceChildren();
  if (srekg.cy && !['map', 'service', 'context', 'incident', 'cypher'].includes(view)) {
    srekg.cy.destroy();
    srekg.cy = null;
  }
  document.title = 'srekg · ' + view + (r.arg ? ' ' + r.arg : '');
  try {
    await VIEWS[view](main, r);
  } catch (e) {
    if (e instanceof Unauthorized) {
      main.replaceChildren(tokenForm());
      return;
    }
    if (!(e instanceof ApiError)) throw e;
    main.append(el('p', { class: 'empty' }, e.message));
    showError(e.message);
  } finally {
    srekg.view = view;
    document.body.dataset.ready = view;
  }
}

initTimeControls();
window.addEventListener('hashchange', render);
render();
