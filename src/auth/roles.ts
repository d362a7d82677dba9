/** Roles from api.md "Conventions": every route names the roles it admits. */
export const ROLES = ['recorder', 'member', 'representative', 'privacy-officer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. `subject` is what events record as `recordedBy.subject`. */
export interface Principal {
  subject: string;
  roles: Role[];
  clientId: string | null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
