// The member's accounting page (/accounting). The portal links here with the member's token in the URL fragment
// (#access_token=…[&member=…]): a fragment is never sent to a server, so it reaches no log, no proxy and no Referer.
// The token is read once, removed from the address bar and kept only in this page's memory; nothing is stored.
'use strict';

const params = new URLSearchParams(location.hash.slice(1));
const token = params.get('access_token');
const lang = new URLSearchParams(location.search).get('lang');
history.replaceState(null, '', location.pathname + location.search);

const status = document.getElementById('status');

function say(message, alert) {
  status.textContent = message;
  if (alert) status.setAttribute('role', 'alert');
}

function subjectOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub;
  } catch {
    return null;
  }
}

function accountingUrl(member, format) {
  const query = new URLSearchParams({ format });
  if (lang) query.set('lang', lang);
  return `/v1/members/${encodeURIComponent(member)}/accounting?${query}`;
}

async function show() {
  const member = params.get('member') || (token && subjectOf(token));
  if (!token || !member) return say(document.body.dataset.signedOut, true);
  const headers = { authorization: `Bearer ${token}` };
  const answer = await fetch(accountingUrl(member, 'html'), {
    headers,
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  if (!answer.ok) {
    let detail = `${answer.status}`;
    try {
      detail = (await answer.json()).detail || detail;
    } catch {}
    return say(detail, true);
  }
  // the answer is a whole document made by the ledger (no script in it); its body replaces this one. Its inline
  // <style> (for when it is opened on its own) is dropped first: this page has the same rules in report.css, and
  // our CSP refuses inline styles even in a parsed document
  const html = (await answer.text()).replace(/<style>[\s\S]*?<\/style>/, '');
  const page = new DOMParser().parseFromString(html, 'text/html');
  document.documentElement.lang = page.documentElement.lang;
  document.title = page.title;
  const body = document.importNode(page.body, true);
  const actions = document.getElementById('actions');
  actions.hidden = false;
  body.querySelector('header').append(actions);
  document.body.replaceChildren(...body.childNodes);
  document.getElementById('print').addEventListener('click', () => print());
  document.getElementById('pdf').addEventListener('click', async () => {
    const pdf = await fetch(accountingUrl(member, 'pdf'), {
      headers,
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    if (!pdf.ok) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await pdf.blob());
    link.download = 'accounting-of-disclosures.pdf';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });
}

show().catch(() => say(document.body.dataset.signedOut, true));
