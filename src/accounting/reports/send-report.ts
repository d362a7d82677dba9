import type { FastifyReply } from 'fastify';
import type { RenderedReport } from './report-renderer.js';

/**
 * Sets a rendered report's headers on the reply and returns what to send: JSON as an object (Nest serialises it),
 * the others as their exact text or bytes. PDF and CSV are attachments named `<name>.<format>`; a page is shown.
 */
export function sendReport(reply: FastifyReply, r: RenderedReport, name: string) {
  void reply.header('content-type', r.mediaType).header('vary', 'Accept, Accept-Language');
  for (const [k, v] of Object.entries(r.headers)) void reply.header(k, v);
  if (r.format === 'pdf' || r.format === 'csv')
    void reply.header('content-disposition', `attachment; filename="${name}.${r.format}"`);
  return r.body;
}
