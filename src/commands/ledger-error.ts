/** A command refused by a decider: a value, not an exception, with a stable code (api.md "Errors"). */
export interface LedgerError {
  kind: 'ledger-error';
  status: 404 | 409 | 422;
  code: string;
  detail: string;
  path?: string;
}

export const ledgerError = (
  status: LedgerError['status'],
  code: string,
  detail: string,
  path?: string,
): LedgerError => ({ kind: 'ledger-error', status, code, detail, path });

export const isLedgerError = (value: unknown): value is LedgerError =>
  typeof value === 'object' && value !== null && (value as LedgerError).kind === 'ledger-error';

export const idConflict = (what: string, id: string): LedgerError =>
  ledgerError(409, 'ID_CONFLICT', `${what} ${id} was already recorded with a different body; use a new id`);
