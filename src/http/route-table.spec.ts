/** A known path with another method is 405 with Allow; an unknown path is still 404. */
import { describe, expect, it } from '@jest/globals';
import { RouteTable } from './route-table.js';

describe('the route table', () => {
  const table = new RouteTable();
  table.add('GET', '/v1/members/:memberId/accounting');
  table.add('POST', '/v1/disclosures');
  table.add(['GET', 'HEAD'], '/health/ready');
  table.add('POST', '/v1/members/:memberId/deaths');

  it('answers the methods of every route a path matches', () => {
    expect(table.allowed('/v1/members/M-1/accounting')).toEqual(['GET']);
    expect(table.allowed('/v1/disclosures')).toEqual(['POST']);
    expect(table.allowed('/health/ready')).toEqual(['GET', 'HEAD']);
  });

  it('a path of no route’s shape has none', () => {
    expect(table.allowed('/v1/members/M-1/nothing')).toEqual([]);
    expect(table.allowed('/v1/members/M-1/accounting/extra')).toEqual([]);
    expect(table.allowed('/v1/disclosuresX')).toEqual([]);
  });
});
