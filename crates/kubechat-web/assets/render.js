// How each answer looks. Everything is text: `h` builds elements and
// sets strings as text nodes, so a pod name or a log line such as
// `<img src=x onerror=…>` is shown, never run.

import { h } from './dom.js';

/**
 * `$ kubectl …` with the risk badge: shown on every answer. When an LLM
 * read the request (`source` "llm"), a badge says so: the person should
 * check the kubectl line before confirming.
 */
export function kubectlLine(kubectl, risk, source) {
  if (!kubectl) return null;
  return h('div.kubectl', {},
    h('code', { text: `$ ${kubectl}` }),
    risk ? h(`span.risk.risk-${risk}`, { text: risk }) : null,
    source === 'llm'
      ? h('span.source', { text: 'read by the model', title: 'The embedded rules were not sure; an LLM translated this request. Check the kubectl line.' })
      : null);
}

/** A server-side Table (meta.k8s.io) as an HTML table; wide-only columns left out. */
function serverTable(data) {
  const cols = data.columnDefinitions || [];
  const shown = cols.map((c, i) => ({ c, i })).filter(({ c }) => !c.priority);
  return h('div.table-wrap', {},
    h('table.grid', {},
      h('thead', {}, h('tr', {}, shown.map(({ c }) => h('th', { scope: 'col', text: c.name.toUpperCase() })))),
      h('tbody', {}, (data.rows || []).map((r) =>
        h('tr', {}, shown.map(({ i }) => h('td', { text: cellText(r.cells ? r.cells[i] : '') })))))));
}

function cellText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * kubectl-style aligned text (columns separated by two or more spaces,
 * headers in capitals) as a table; null when the text is not one.
 */
export function alignedTable(text) {
  const lines = (text || '').split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 1) return null;
  const header = lines[0].trim().split(/\s{2,}/);
  if (header.length < 2 || header.some((c) => c !== c.toUpperCase())) return null;
  // Column starts come from the header so empty cells stay in place.
  const starts = [];
  const re = /\S+(?: \S+)*/g;
  let m;
  while ((m = re.exec(lines[0])) !== null) starts.push(m.index);
  const rows = lines.slice(1).map((l) => starts.map((s, i) => l.slice(s, starts[i + 1] ?? l.length).trim()));
  return h('div.table-wrap', {},
    h('table.grid', {},
      h('thead', {}, h('tr', {}, header.map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', { text: c })))))));
}

function pre(text, label) {
  return h('pre.block', { tabindex: '0', 'aria-label': label || null, text: text || '' });
}

function findings(list) {
  return h('div.findings', {}, list.map((f) =>
    h(`section.finding.sev-${String(f.severity || 'info').toLowerCase()}`, { 'aria-label': `${f.severity}: ${f.title}` },
      h('h3', {}, `${f.title} `, h('span.muted', { text: `— ${f.subject}` })),
      f.detail ? h('p', { text: f.detail }) : null,
      (f.evidence && f.evidence.length) ? h('ul', {}, f.evidence.map((e) => h('li', { text: e }))) : null,
      f.next_step ? h('p', {}, h('strong', { text: 'Next: ' }), f.next_step) : null,
      // A remedy the evidence determines: asked like any request, so it is
      // previewed (dry run) and confirmed before anything changes.
      f.fix ? h('div.fix', {},
        h('p', {}, h('strong', { text: 'Fix: ' }), f.fix.summary, h('span.muted', { text: ` — ${f.fix.why}` })),
        h('button.preview-fix', { type: 'button', 'data-request': f.fix.request }, 'Preview fix')) : null)));
}

/** `object field: from → to` lines of a preview or an applied change. */
export function changes(list) {
  const show = (v) => (v === null || v === undefined ? '(unset)' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return h('ul.changes', {}, (list || []).map((c) =>
    h('li', {},
      h('code', { text: c.object }), c.namespace ? ` (${c.namespace})` : '', ': ',
      h('code', { text: c.field }), ' ',
      h('span.from', { text: show(c.from) }), ' → ',
      h('strong', { text: show(c.to) }))));
}

/** The body of a `result` by its `kind`. */
export function resultBody(msg) {
  const data = msg.data;
  // Several types in one request (`get pods,services`, `get all`): each
  // type as its own table, and a type that could not be read by name.
  if (data && Array.isArray(data.parts)) {
    return h('div.parts', {}, data.parts.map((p) => h('section', {},
      h('h4', { text: p.resource }),
      p.error ? h('p.error', { text: p.error }) : resultBody({ kind: p.kind, data: p.data, text: p.text }))));
  }
  switch (msg.kind) {
    case 'table':
      if (data && Array.isArray(data.columnDefinitions)) return serverTable(data);
      return alignedTable(msg.text) || pre(msg.text);
    case 'events':
      return alignedTable(msg.text) || pre(msg.text);
    case 'logs': {
      const lines = data && Array.isArray(data.lines) ? data.lines.join('\n') : msg.text;
      return pre(lines, 'Log output');
    }
    case 'findings':
      if (data && Array.isArray(data.findings) && data.findings.length) return findings(data.findings);
      return pre(msg.text);
    case 'changes':
      if (Array.isArray(data) && data.length) return changes(data);
      return pre(msg.text);
    case 'status':
      return h('p', { text: msg.text });
    default:
      return pre(msg.text);
  }
}
