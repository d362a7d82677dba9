/**
 * /audit: the console for privacy officers and auditors (issue 13) over the audit routes. A static shell and its
 * script (web/audit.js); the data comes from the /v1/audit routes with the token the page was opened with (URL
 * fragment). Same rules as the member's page: nothing from elsewhere, no cookie, a strict CSP.
 */
import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard.js';
import { AssetResponse, PageResponse, webFile } from '../http/web-page.js';
import { CHANNELS } from '../events/member.events.js';
import { TOTALS_KEYS } from '../accounting/projection/totals.js';

const SCRIPT = webFile('audit.js');
const STYLE = webFile('audit.css');

const input = (name: string, label: string, attrs = '') =>
  `<label>${label}<input name="${name}" id="f-${name}" ${attrs}></label>`;
const select = (name: string, label: string, options: readonly string[]) =>
  `<label>${label}<select name="${name}" id="f-${name}"><option value="">any</option>` +
  options.map((o) => `<option>${o}</option>`).join('') +
  '</select></label>';

const PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
  '<title>Disclosure ledger · audit console</title>' +
  '<link rel="stylesheet" href="/accounting/report.css"><link rel="stylesheet" href="/audit/audit.css">' +
  '<script src="/audit/audit.js" defer></script></head>' +
  '<body data-signed-out="Open the console from your privacy office’s link (it carries your token).">' +
  '<header><p class="plan">Disclosure ledger</p><h1>Audit console</h1>' +
  '<nav class="sections" aria-label="Sections"><ul><li><a href="#search-heading">Search</a></li>' +
  '<li><a href="#totals-heading">Totals</a></li><li><a href="#incidents-heading">Incidents</a></li>' +
  '<li><a href="#associates-heading">Business associates</a></li><li><a href="#overdue-heading">Overdue requests</a></li>' +
  '<li><a href="#anomalies-heading">Snooping signals</a></li>' +
  '</ul></nav></header><main>' +
  '<section aria-labelledby="search-heading"><h2 id="search-heading">Search disclosures</h2>' +
  '<form id="search" class="search">' +
  input('memberId', 'Member ID') +
  input('recipient', 'Recipient (name starts with, or id)') +
  select('channel', 'Channel', CHANNELS) +
  input('cfr', 'CFR citation or prefix', 'placeholder="164.512"') +
  select('permitted', 'Permitted', ['true', 'false']) +
  select('accountable', 'Accountable', ['true', 'false']) +
  input('flag', 'Flag', 'placeholder="BREACH_ASSESSMENT_REQUIRED"') +
  input('madeBy', 'Made by') +
  input('sourceSystem', 'Source system') +
  input('recordedBy', 'Recorded by (subject or client)') +
  input('incidentId', 'Incident') +
  input('from', 'Disclosed from', 'type="date"') +
  input('to', 'Disclosed to', 'type="date"') +
  input('recordedFrom', 'Recorded from (instant)', 'placeholder="2025-01-01T00:00:00Z"') +
  input('recordedTo', 'Recorded to (instant)') +
  input('knownAt', 'As known at (instant)') +
  select('order', 'Order', ['newest', 'oldest']) +
  '<div class="buttons"><button type="submit">Search</button>' +
  '<button type="button" id="csv" class="secondary">Download CSV</button></div></form>' +
  '<div id="results" aria-live="polite"></div><button type="button" id="next" class="secondary" hidden>Next page</button>' +
  '</section>' +
  '<section aria-labelledby="totals-heading"><h2 id="totals-heading">Totals</h2>' +
  '<form id="totals-form" class="search"><label>Group by<select id="groupBy">' +
  ['channel', 'channel,month', 'month', 'recipient', 'cfr', 'sourceSystem', 'permitted', 'month,permitted']
    .filter((g) => g.split(',').every((k) => (TOTALS_KEYS as readonly string[]).includes(k)))
    .map((g) => `<option>${g}</option>`)
    .join('') +
  '</select></label><div class="buttons"><button type="submit">Show totals</button></div></form>' +
  '<div id="totals-out" aria-live="polite"></div></section>' +
  '<section aria-labelledby="incidents-heading"><h2 id="incidents-heading">Breach incidents</h2><div id="incidents-out"></div></section>' +
  '<section aria-labelledby="associates-heading"><h2 id="associates-heading">Business associates</h2><div id="associates-out"></div></section>' +
  '<section aria-labelledby="overdue-heading"><h2 id="overdue-heading">Overdue accounting requests</h2><div id="overdue-out"></div></section>' +
  '<section aria-labelledby="anomalies-heading"><h2 id="anomalies-heading">Snooping signals</h2>' +
  '<p>Uses of members’ records that the documented rules flag for review (docs/snooping.md); each lists the uses behind it.</p>' +
  '<div id="anomalies-out"></div></section>' +
  '</main><footer><p>Every read of a member’s records from this console is recorded in the access log.</p></footer>' +
  '</body></html>';

@ApiExcludeController()
@Public()
@Controller('audit')
export class AuditConsoleController {
  @Get()
  @PageResponse()
  page() {
    return PAGE;
  }

  @Get('audit.js')
  @AssetResponse('text/javascript; charset=utf-8')
  script() {
    return SCRIPT;
  }

  @Get('audit.css')
  @AssetResponse('text/css; charset=utf-8')
  style() {
    return STYLE;
  }
}
