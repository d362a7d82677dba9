import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('needs nothing for the embedded default', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      LEDGER_DATA_DIR: './data',
      LEDGER_STORE: 'sqlite',
      LEDGER_TIMEZONE: 'America/New_York',
      LEDGER_COMPLIANCE_DATE: '2003-04-14',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LEDGER_STORE: 'mysql' }, 'LEDGER_STORE'],
    [{ LEDGER_STORE: 'postgres' }, 'DATABASE_URL is required when LEDGER_STORE=postgres'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// connection string'],
    [{ LEDGER_TIMEZONE: 'Mars/Olympus' }, 'LEDGER_TIMEZONE must be an IANA time zone'],
    [{ LEDGER_COMPLIANCE_DATE: '2003-02-30' }, 'LEDGER_COMPLIANCE_DATE must be a real calendar date'],
    [{ LEDGER_AUTH_JWKS_URL: 'https://idp.example/jwks' }, 'LEDGER_AUTH_ISSUER'],
    [{ LEDGER_POLICY_BUSINESS_HOURS: '19:00-07:00' }, 'LEDGER_POLICY_BUSINESS_HOURS must be HH:MM-HH:MM, ending after'],
    [{ LEDGER_POLICY_BUSINESS_HOURS: '7-19' }, 'LEDGER_POLICY_BUSINESS_HOURS'],
    [{ LEDGER_POLICY_BULK_READ_THRESHOLD: '1' }, 'LEDGER_POLICY_BULK_READ_THRESHOLD'],
    [{ LEDGER_POLICY_PART2_PROGRAM: 'yes' }, 'LEDGER_POLICY_PART2_PROGRAM must be true or false'],
    [{ LEDGER_POLICY_ACCESS_REPORT_ACTORS: 'ids' }, 'LEDGER_POLICY_ACCESS_REPORT_ACTORS'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads business hours as minutes of the day, and the Part 2 knobs as booleans', () => {
    expect(
      loadConfig({ LEDGER_POLICY_BUSINESS_HOURS: '08:30-17:45', LEDGER_POLICY_PART2_INTERMEDIARY: 'true' }),
    ).toMatchObject({
      LEDGER_POLICY_BUSINESS_HOURS: { from: 510, until: 1065 },
      LEDGER_POLICY_PART2_PROGRAM: false,
      LEDGER_POLICY_PART2_INTERMEDIARY: true,
      LEDGER_POLICY_ACCESS_REPORT_ACTORS: 'names',
      LEDGER_POLICY_BULK_READ_THRESHOLD: 50,
    });
    expect(loadConfig({ LEDGER_POLICY_BUSINESS_HOURS: '00:00-24:00' }).LEDGER_POLICY_BUSINESS_HOURS).toEqual({
      from: 0,
      until: 1440,
    });
  });

  it('says what was given', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('(got "abc")');
  });

  it('accepts a small health plan compliance date and PostgreSQL', () => {
    const config = loadConfig({
      LEDGER_COMPLIANCE_DATE: '2004-04-14',
      LEDGER_STORE: 'postgres',
      DATABASE_URL: 'postgres://u@h:5432/db',
    });
    expect(config).toMatchObject({ LEDGER_COMPLIANCE_DATE: '2004-04-14', LEDGER_STORE: 'postgres' });
  });
});
