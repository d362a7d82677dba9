/** The route table of docs/api.md ("Routes and roles"), read as data: the contract the security suites hold the service to. */
import { readFileSync } from 'node:fs';
import type { Role } from '../../src/auth/roles.js';

export interface RouteRow {
  method: string;
  path: string;
  /** roles any of which is enough */
  roles: Role[];
  /** roles allowed only for their own member (`member (own)`) or one they represent (`representative (represented)`) */
  scoped: Role[];
  public: boolean;
}

export function routeTable(file = 'docs/api.md'): RouteRow[] {
  const text = readFileSync(file, 'utf8');
  const section = text.slice(text.indexOf('## Routes and roles'), text.indexOf('## Commands'));
  return section
    .split('\n')
    .filter((line) => /^\| (GET|POST|PUT|PATCH|DELETE) \| /.test(line))
    .map((line) => {
      const [method, path, roles] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      const listed = roles.split(',').map((r) => r.trim());
      return {
        method,
        path,
        public: listed.includes('public'),
        roles: listed.filter((r) => !r.includes('(') && r !== 'public') as Role[],
        scoped: listed.filter((r) => r.includes('(')).map((r) => r.split(' ')[0]) as Role[],
      };
    });
}
