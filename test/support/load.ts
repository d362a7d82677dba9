/** Writers for reliability suites: disclosures with fresh ids, sent concurrently, remembering what was acknowledged. */
export interface WriterReport {
  /** bodies sent, by disclosure id */
  sent: Map<string, Record<string, unknown>>;
  /** disclosure ids answered 200/201 */
  acknowledged: Set<string>;
  /** answers that were neither 2xx nor a broken connection */
  unexpected: string[];
}

export function disclosureBody(id: string, memberId: string): Record<string, unknown> {
  return {
    disclosureId: id,
    memberId,
    occurredAt: '2024-05-01T15:00:00Z',
    recipient: { name: 'State Dept. of Health', id: 'PHA-1' },
    channel: 'government',
    phiDescription: 'Immunization history',
    purpose: 'Registry reporting',
    legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
  };
}

/** `writers` loops posting one disclosure at a time to `base` until `stop()` (or the server dies). */
export function startWriters(base: string, token: string, writers: number, tag: string, members = 40) {
  const report: WriterReport = { sent: new Map(), acknowledged: new Set(), unexpected: [] };
  let running = true;
  let n = 0;
  const loops = Array.from({ length: writers }, async () => {
    while (running) {
      const id = `${tag}-${n++}`;
      const body = disclosureBody(id, `M-R${n % members}`);
      report.sent.set(id, body);
      try {
        const res = await fetch(`${base}/v1/disclosures`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status === 200 || res.status === 201) report.acknowledged.add(id);
        else if (res.status !== 503) report.unexpected.push(`${res.status} ${await res.text()}`);
        else await res.text();
      } catch {
        return; // the connection broke: the server is gone
      }
    }
  });
  return {
    report,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}
