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
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
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
