// The auditors' console (/audit): search, export, totals, incidents, business associates and overdue requests, over
// the audit routes, with the auditor's or privacy officer's token from the URL fragment (#access_token=…), kept in
// memory only. Everything the ledger returns is put in the page as text (textContent), never as markup; the totals
// chart is the ledger's own SVG, parsed as SVG.
'use strict';

const token = new URLSearchParams(location.hash.slice(1)).get('access_token');
history.replaceState(null, '', location.pathname + location.search);
const headers = { authorization: `Bearer ${token}` };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return node;
}

function alertIn(target, message) {
  target.replaceChildren(el('p', { class: 'status', role: 'alert' }, message));
}

async function api(path, accept) {
  const res = await fetch(path, { headers: accept ? { ...headers, accept } : headers, cache: 'no-store' });
  if (!res.ok) {
    let detail = `${res.status}`;
    try {
      detail = (await res.json()).detail || detail;
    } catch {}
    throw new Error(detail);
  }
  return res;
}

function table(caption, columns, rows) {
  return el(
    'table',
    {},
    el('caption', {}, caption),
    el(
      'thead',
      {},
      el('tr', {}, ...columns.map(([label, cls]) => el('th', { scope: 'col', ...(cls ? { class: cls } : {}) }, label))),
    ),
    el(
      'tbody',
      {},
      ...rows.map((cells) =>
        el('tr', {}, ...cells.map((c, i) => el('td', columns[i][1] ? { class: columns[i][1] } : {}, c))),
      ),
    ),
  );
}

// ---- search
let cursor = null;

function searchQuery() {
  const form = new FormData($('search'));
  const query = new URLSearchParams();
  for (const [k, v] of form) if (String(v).trim() !== '') query.set(k, String(v).trim());
  return query;
}

async function search(next) {
  const query = searchQuery();
  if (next && cursor) query.set('cursor', cursor);
  query.set('limit', '50');
  const out = $('results');
  try {
    const page = await (await api(`/v1/audit/disclosures?${query}`)).json();
    cursor = page.nextCursor;
    out.replaceChildren(
      table(
        `${page.disclosures.length} disclosures${next ? ' (next page)' : ''}`,
        [['Date'], ['Member'], ['Recipient'], ['Channel'], ['Basis'], ['Permitted'], ['Recorded by'], ['Recorded at']],
        page.disclosures.map((d) => [
          d.occurredAt ? d.occurredAt.slice(0, 10) : `${d.occurredPeriod.from} – ${d.occurredPeriod.to}`,
          d.memberId,
          d.recipient.name,
          d.channel,
          d.cfr ?? '(none)',
          d.permitted ? 'yes' : 'no',
          d.recordedBy.clientId ? `${d.recordedBy.subject} (${d.recordedBy.clientId})` : d.recordedBy.subject,
          d.recordedAt,
        ]),
      ),
    );
    $('next').hidden = !cursor;
  } catch (e) {
    alertIn(out, e.message);
  }
}

async function downloadCsv() {
  const query = searchQuery();
  query.set('format', 'csv');
  try {
    const blob = await (await api(`/v1/audit/disclosures?${query}`)).blob();
    const link = el('a', { href: URL.createObjectURL(blob), download: 'disclosures.csv' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (e) {
    alertIn($('results'), e.message);
  }
}

// ---- totals
async function totals() {
  const groupBy = $('groupBy').value;
  const out = $('totals-out');
  try {
    const [svg, data] = await Promise.all([
      api(`/v1/audit/totals?groupBy=${groupBy}&format=svg`).then((r) => r.text()),
      api(`/v1/audit/totals?groupBy=${groupBy}`).then((r) => r.json()),
    ]);
    const chart = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    const keys = data.groupBy;
    out.replaceChildren(
      el('div', { class: 'chart' }, document.importNode(chart, true)),
      table(
        `Disclosures by ${keys.join(' and ')}: ${data.total}`,
        [...keys.map((k) => [k]), ['Count', 'num']],
        data.groups.map((g) => [...keys.map((k) => (g.key[k] === null ? '(none)' : String(g.key[k]))), g.count]),
      ),
    );
  } catch (e) {
    alertIn(out, e.message);
  }
}

// ---- the privacy office's lists
async function lists() {
  try {
    const [incidents, associates, overdue, anomalies] = await Promise.all([
      api('/v1/audit/incidents').then((r) => r.json()),
      api('/v1/audit/business-associates').then((r) => r.json()),
      api('/v1/audit/accounting-requests?status=overdue').then((r) => r.json()),
      api('/v1/audit/use-anomalies?limit=50').then((r) => r.json()),
    ]);
    $('incidents-out').replaceChildren(
      table(
        `${incidents.incidents.length} breach incidents`,
        [['Incident'], ['Title'], ['Status'], ['Discovered'], ['Affected', 'num'], ['Overdue']],
        incidents.incidents.map((i) => [
          i.incidentId,
          i.title ?? '',
          i.status,
          i.discoveredOn ?? '',
          i.affected,
          i.overdue ? 'yes' : 'no',
        ]),
      ),
    );
    $('associates-out').replaceChildren(
      table(
        `${associates.associates.length} business associates`,
        [['Associate'], ['Name'], ['Covered today'], ['Lapsing'], ['Disclosures outside an agreement', 'num']],
        associates.associates.map((a) => [
          a.associateId,
          a.name,
          a.covered ? 'yes' : 'no',
          a.lapsing ? a.lapsing.lastDay : '',
          a.outsideAgreement.count,
        ]),
      ),
    );
    $('overdue-out').replaceChildren(
      table(
        `${overdue.requests.length} overdue accounting requests`,
        [['Request'], ['Member'], ['Received'], ['Due']],
        overdue.requests.map((r) => [r.requestId, r.memberId, r.receivedOn, r.dueOn]),
      ),
    );
    $('anomalies-out').replaceChildren(
      table(
        `${anomalies.findings.length} most recent snooping signals`,
        [['Rule'], ['Actor'], ['Member'], ['Day'], ['Members', 'num'], ['Uses behind it']],
        anomalies.findings.map((f) => [
          f.rule,
          `${f.actor.name} (${f.actor.id})`,
          f.memberId ?? '',
          f.day,
          f.members,
          f.uses.map((u) => `${u.useId} ${u.action} ${u.occurredAt}`).join('; '),
        ]),
      ),
    );
  } catch (e) {
    alertIn($('incidents-out'), e.message);
  }
}

if (!token) {
  alertIn($('results'), document.body.dataset.signedOut);
} else {
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    cursor = null;
    void search(false);
  });
  $('next').addEventListener('click', () => void search(true));
  $('csv').addEventListener('click', () => void downloadCsv());
  $('totals-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void totals();
  });
  void search(false);
  void totals();
  void lists();
}
