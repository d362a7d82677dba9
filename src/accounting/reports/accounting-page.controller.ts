/**
 * /accounting: the member's web page (issue 12). A static shell and its script (web/); the accounting itself comes
 * from GET /v1/members/{id}/accounting?format=html with the token the portal put in the URL fragment. No third-party
 * script, font or image, no cookie, no tracking; a strict CSP allows only our own script, style and API.
 */
import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../auth/auth.guard.js';
import { AssetResponse, PageResponse, webFile } from '../../http/web-page.js';
import { escapeHtml, REPORT_CSS } from './html.js';
import { chooseLanguage } from './report-text.js';

const SCRIPT = webFile('accounting.js');

@ApiExcludeController()
@Public()
@Controller('accounting')
export class AccountingPageController {
  @Get()
  @PageResponse()
  page(@Query('lang') lang: string | undefined, @Headers('accept-language') acceptLanguage: string | undefined) {
    const t = chooseLanguage(typeof lang === 'string' ? lang : undefined, acceptLanguage);
    const e = escapeHtml;
    return (
      `<!DOCTYPE html><html lang="${e(t.lang)}"><head><meta charset="utf-8">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
      `<title>${e(t.title)}</title><link rel="stylesheet" href="/accounting/report.css">` +
      '<script src="/accounting/accounting.js" defer></script></head>' +
      `<body data-signed-out="${e(t.signedOut)}"><header><h1>${e(t.title)}</h1></header>` +
      `<main id="report"><p id="status" class="status">${e(t.loading)}</p>` +
      `<div id="actions" class="actions" hidden><button type="button" id="print">${e(t.printButton)}</button>` +
      `<button type="button" id="pdf">${e(t.pdfButton)}</button>` +
      `<button type="button" id="access">${e(t.accessButton)}</button></div></main></body></html>`
    );
  }

  @Get('accounting.js')
  @AssetResponse('text/javascript; charset=utf-8')
  script() {
    return SCRIPT;
  }

  @Get('report.css')
  @AssetResponse('text/css; charset=utf-8')
  style() {
    return REPORT_CSS;
  }
}
