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

function memberUrl(member, report, format) {
  const query = new URLSearchParams({ format });
  if (lang) query.set('lang', lang);
  return `/v1/members/${encodeURIComponent(member)}/${report}?${query}`;
}
const accountingUrl = (member, format) => memberUrl(member, 'accounting', format);

// A document made by the ledger (no script in it), parsed, without its inline <style> (for when it is opened on its
// own): this page has the same rules in report.css, and our CSP refuses inline styles even in a parsed document.
async function ledgerDocument(answer) {
  const html = (await answer.text()).replace(/<style>[\s\S]*?<\/style>/, '');
  return new DOMParser().parseFromString(html, 'text/html');
}

async function problemOf(answer) {
  try {
    return (await answer.json()).detail || `${answer.status}`;
  } catch {
    return `${answer.status}`;
  }
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
  if (!answer.ok) return say(await problemOf(answer), true);
  // the answer is a whole document made by the ledger; its body replaces this one
  const page = await ledgerDocument(answer);
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
  // the access report (every use, disclosure and read of the member's records), on request: below the accounting,
  // its title as a section heading
  const access = document.getElementById('access');
  access.addEventListener('click', async () => {
    access.disabled = true;
    const answer = await fetch(memberUrl(member, 'access-report', 'html'), {
      headers,
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    const section = document.createElement('section');
    section.setAttribute('aria-labelledby', 'access-heading');
    const heading = document.createElement('h2');
    heading.id = 'access-heading';
    section.append(heading);
    if (answer.ok) {
      const report = await ledgerDocument(answer);
      heading.textContent = report.querySelector('h1').textContent;
      section.append(...document.importNode(report.getElementById('access-report'), true).childNodes);
    } else {
      heading.textContent = access.textContent;
      const alert = document.createElement('p');
      alert.setAttribute('role', 'alert');
      alert.textContent = await problemOf(answer);
      section.append(alert);
    }
    document.getElementById('report').append(section);
    access.hidden = true;
    heading.tabIndex = -1;
    heading.focus();
  });
}

show().catch(() => say(document.body.dataset.signedOut, true));
