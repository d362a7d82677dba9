/** One member with every kind of entry a report shows: single, period-only, written-request, summary, research. */
export const REPORT_MEMBER = 'M-RPT-1';

export const OFFICE_ENV = {
  LEDGER_PLAN_NAME: 'Example Health Plan',
  LEDGER_RESPONSIBLE_OFFICE: 'Privacy Office',
  LEDGER_OFFICE_CONTACT: 'PO Box 1, Springfield · 1-800-555-0100 · privacy@example.org',
};

const disclosure = (id: string, over: Record<string, unknown>) => ({
  disclosureId: id,
  memberId: REPORT_MEMBER,
  recipient: { name: 'State Dept. of Health', address: '100 Capitol Ave', id: 'PHA-1' },
  channel: 'government',
  madeBy: null,
  phiDescription: 'Immunization history',
  purpose: 'Public health reporting',
  legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
  writtenRequestRef: null,
  researchProtocolId: null,
  sensitivity: { part2: false, minorConsented: false },
  ...over,
});

export const REPORT_DISCLOSURES = [
  disclosure('RPT-D1', { occurredAt: '2025-01-15T15:00:00Z' }),
  disclosure('RPT-D2', {
    occurredPeriod: { from: '2025-03-01', to: '2025-03-03' },
    recipient: { name: 'County Court', address: '1 Court Sq', id: null },
    channel: 'legal',
    madeBy: 'PBM Inc.',
    phiDescription: 'Claims history 2023-2024',
    purpose: 'Court order',
    legalBasis: { cfr: '164.512(e)(1)(i)', permitted: true },
    writtenRequestRef: 'ORDER-7',
  }),
  disclosure('RPT-D3', {
    occurredAt: '2025-06-02T14:00:00Z',
    recipient: { name: '<b>Acme & Sons</b>', address: null, id: null },
    channel: 'government',
    purpose: 'Health oversight audit',
    legalBasis: { cfr: '164.512(d)(1)', permitted: true },
  }),
  ...Array.from({ length: 6 }, (_, i) =>
    disclosure(`RPT-S${i + 1}`, {
      occurredAt: `2024-0${i + 1}-15T15:00:00Z`,
      recipient: { name: 'State Cancer Registry', address: '2 Registry Rd', id: 'CR-1' },
      phiDescription: 'Diagnosis and treatment dates',
      purpose: 'Cancer registry reporting',
      purposeOfUse: 'PUBHLTH',
    }),
  ),
  ...['2023-06-01', '2023-08-31'].map((day, i) =>
    disclosure(`RPT-R${i + 1}`, {
      occurredAt: `${day}T16:00:00Z`,
      recipient: { name: 'University Lab', address: 'State University', id: 'U-1' },
      channel: 'research',
      phiDescription: 'Diagnoses, lab results',
      purpose: 'Diabetes outcomes research',
      purposeOfUse: 'HRESCH',
      legalBasis: { cfr: '164.512(i)(1)(i)', permitted: true },
      researchProtocolId: 'P-RPT',
    }),
  ),
];

async function post(base: string, token: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { position?: number; results?: Array<{ status: string; position: number }> };
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** The research protocol the report member's research disclosures were made under (164.528(b)(4)). */
export const registerProtocol = (base: string, recorder: string) =>
  post(base, recorder, '/v1/research-protocols', {
    protocolId: 'P-RPT',
    name: 'Diabetes Outcomes Study',
    description: 'Outcomes of diabetes care',
    selectionCriteria: 'members with diabetes claims',
    phiTypes: 'diagnoses, lab results',
    sponsor: { name: 'NIH', address: 'Bethesda, MD', phone: '301-555-0100' },
    researcher: { name: 'Dr. Smith', address: 'State University', phone: '555-0101' },
    cohortSize: 60,
  });

/** Records the report member's ledger; returns the highest log position written. */
export async function recordReportMember(base: string, recorder: string): Promise<number> {
  const protocol = await registerProtocol(base, recorder);
  const batch = await post(base, recorder, '/v1/disclosure-batches', { items: REPORT_DISCLOSURES });
  for (const r of batch.results!) if (r.status !== 'created') throw new Error(`not recorded: ${JSON.stringify(r)}`);
  return Math.max(protocol.position ?? 0, ...batch.results!.map((r) => r.position));
}
