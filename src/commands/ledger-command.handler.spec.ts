/**
 * The one command handler as a specification, on a real SQLite store (two handlers on one file are two instances of
 * the service): which states it caches, how a batch is decided, how an import's chunk takes the bulk path and when it
 * leaves it, how it retries a conflict, and how it answers a replay or a refusal it first decided on a cached state.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { MEMBER_FACT_TYPES, type DisclosureRecord } from '../events/member.events.js';
import {
  toAuthorization,
  toCustodyPeriod,
  RecordAuthorizationCommand,
  RecordCustodyPeriodCommand,
} from '../ledger/member-facts/member-facts.command.js';
import { RecordDisclosureCommand } from '../ledger/record-disclosure/record-disclosure.command.js';
import { RecordUseCommand, toUse } from '../ledger/record-use/record-use.command.js';
import { commandHash } from './command-hash.js';
import { LedgerMetrics } from '../ops/metrics.js';
import type { CommandContext } from './command-context.js';
import { CommandBatch, CommandImport, type LedgerCommand } from './ledger-command.js';
import { LedgerCommandHandler } from './ledger-command.handler.js';

const context: CommandContext = {
  principal: { subject: 'claims', roles: ['recorder'], clientId: null },
  correlationId: 'c-1',
};

/** The real store, counting the streams it is asked to read (what the cache saves): `facts:` for their facts alone. */
function counted(store: EventStore): EventStore & { reads: string[] } {
  const reads: string[] = [];
  return Object.assign(Object.create(store) as EventStore, {
    reads,
    readStream: (stream: string, from?: bigint) => {
      reads.push(stream);
      return store.readStream(stream, from);
    },
    readStreamFacts: (stream: string) => {
      reads.push(`facts:${stream}`);
      return store.readStreamFacts(stream);
    },
  });
}

function handlerOn(store: EventStore, cacheSize: number): LedgerCommandHandler {
  const config = loadConfig({ LEDGER_MEMBER_CACHE: String(cacheSize) });
  return new LedgerCommandHandler(store, new LedgerMetrics(), config);
}

function disclosure(id: string, memberId: string, over: Partial<DisclosureRecord> = {}): LedgerCommand {
  const record: DisclosureRecord = {
    disclosureId: id,
    memberId,
    occurredAt: '2024-06-15T14:00:00Z',
    occurredPeriod: null,
    recipient: { name: 'State Dept. of Health', address: null, id: 'PHA-1' },
    channel: 'government',
    madeBy: null,
    phiDescription: 'Immunization history',
    purpose: 'registry reporting',
    purposeOfUse: null,
    legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true, authorizationId: null, rationale: null },
    writtenRequestRef: null,
    researchProtocolId: null,
    sensitivity: { part2: false, minorConsented: false },
    sourceSystem: null,
    ...over,
  };
  return new RecordDisclosureCommand(
    { disclosure: record, commandHash: commandHash(record), receivedAt: new Date().toISOString() },
    context,
  );
}

const employer = (id: string, memberId: string) =>
  disclosure(id, memberId, {
    recipient: { name: 'Acme HR', address: null, id: 'EMP-1' },
    channel: 'employer',
    legalBasis: { cfr: '164.508', permitted: true, authorizationId: 'A1', rationale: null },
  });
const authorization = (memberId: string) =>
  new RecordAuthorizationCommand(
    toAuthorization(memberId, {
      authorizationId: 'A1',
      recipient: { name: 'Acme HR', id: 'EMP-1' },
      purpose: 'return to work',
      phiScope: 'claims',
      signedOn: '2024-01-01',
    }),
    context,
  );
const custody = (memberId: string) =>
  new RecordCustodyPeriodCommand(toCustodyPeriod(memberId, { custodyId: 'K1', from: '2024-01-01' }), context);

describe('the command handler', () => {
  let dir: string;
  let stores: SqliteEventStore[];
  const open = (file = 'ledger.sqlite') => {
    const store = new SqliteEventStore(join(dir, file), { factTypes: MEMBER_FACT_TYPES });
    stores.push(store);
    return counted(store);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'phi-ledger-handler-'));
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the state cache', () => {
    it('reads a member on its first two commands and keeps it from the second on', async () => {
      const store = open();
      const handler = handlerOn(store, 10);
      for (const id of ['D1', 'D2', 'D3', 'D4']) await handler.execute(disclosure(id, 'M1'));
      expect(store.reads).toEqual(['member-M1', 'member-M1']);
    });

    it('keeps nothing with LEDGER_MEMBER_CACHE=0', async () => {
      const store = open();
      const handler = handlerOn(store, 0);
      for (const id of ['D1', 'D2', 'D3']) await handler.execute(disclosure(id, 'M1'));
      expect(store.reads).toHaveLength(3);
    });

    it('evicts the least recently used member when full, and keeps the one used since', async () => {
      const store = open();
      const handler = handlerOn(store, 1);
      await handler.execute(disclosure('A1', 'MA'));
      await handler.execute(disclosure('A2', 'MA')); // MA admitted
      await handler.execute(disclosure('B1', 'MB'));
      await handler.execute(disclosure('B2', 'MB')); // MB admitted, MA evicted
      store.reads.length = 0;
      await handler.execute(disclosure('A3', 'MA'));
      await handler.execute(disclosure('B3', 'MB'));
      expect(store.reads).toEqual(['member-MA']);
    });
  });

  describe('a batch', () => {
    it('decides a member’s items in order, each seeing the ones before it, and answers each by its index', async () => {
      const handler = handlerOn(open(), 10);
      const outcomes = await handler.execute(
        new CommandBatch(
          [
            { index: 0, command: authorization('M1') },
            { index: 1, command: employer('E1', 'M1') },
            { index: 2, command: disclosure('P1', 'M2') },
            { index: 3, command: employer('E1', 'M1') },
          ],
          context,
        ),
      );
      const answer = (i: number) => (outcomes as Map<number, unknown>).get(i);
      expect(answer(1)).toMatchObject({ status: 201, body: { permitted: true, accountable: false } });
      expect(answer(2)).toMatchObject({ status: 201, body: { memberId: 'M2' } });
      // the same disclosure again in the same batch is a replay of item 1, at item 1's position
      expect(answer(3)).toMatchObject({
        status: 200,
        body: { position: (answer(1) as { body: { position: number } }).body.position },
      });
    });

    it('appends a member’s items together, in one append (consecutive positions)', async () => {
      const handler = handlerOn(open(), 10);
      const outcomes = (await handler.execute(
        new CommandBatch(
          [0, 1, 2].map((index) => ({ index, command: disclosure(`D${index}`, 'M1') })),
          context,
        ),
      )) as Map<number, { body: { position: number } }>;
      const positions = [0, 1, 2].map((i) => outcomes.get(i)!.body.position);
      expect(positions).toEqual([positions[0], positions[0] + 1, positions[0] + 2]);
    });

    it('decides many items of one stream each on the state the ones before left, in one copy of it (10,000 uses of one member)', async () => {
      const handler = handlerOn(open(), 10);
      const use = (n: number) =>
        new RecordUseCommand(
          toUse({
            useId: `U${n}`,
            memberId: 'M1',
            occurredAt: '2026-03-02T10:00:00Z',
            actor: { id: 'W1', name: 'Pat Analyst', role: 'claims analyst' },
            action: 'view',
            phiDescription: 'claim history',
          }),
          context,
        );
      // the same use id twice in the batch: the second replays the first (it saw the first folded in)
      const items = [...Array.from({ length: 10_000 }, (_, n) => use(n)), use(7)];
      const outcomes = (await handler.execute(
        new CommandBatch(
          items.map((command, index) => ({ index, command })),
          context,
        ),
      )) as Map<number, { status: number; body: { position: number } }>;
      const created = [...outcomes.values()].filter((o) => o.status === 201);
      expect(created).toHaveLength(10_000);
      expect(outcomes.get(10_000)).toMatchObject({ status: 200, body: { position: outcomes.get(7)!.body.position } });
      const positions = created.map((o) => o.body.position);
      expect(positions[9_999] - positions[0]).toBe(9_999); // one append
    });
  });

  describe('an import chunk (the bulk path)', () => {
    const chunk = (commands: LedgerCommand[]) =>
      new CommandImport(
        commands.map((command, index) => ({ index, command })),
        context,
      );
    type Answers = Map<number, { status: number; body: { position: number } }>;

    it('reads each member once, decides every line in order and stores every member in one commit', async () => {
      const store = open();
      const handler = handlerOn(store, 10);
      const outcomes = (await handler.execute(
        chunk([authorization('M1'), employer('E1', 'M1'), disclosure('P1', 'M2'), disclosure('P2', 'M2')]),
      )) as Answers;
      // M1's authorization is decided on the whole stream; M2's disclosures on M2's facts alone
      expect(store.reads.sort()).toEqual(['facts:member-M2', 'member-M1']);
      expect(outcomes.get(1)).toMatchObject({ status: 201, body: { permitted: true } });
      // one commit: the four events took consecutive positions
      const positions = [0, 1, 2, 3].map((i) => outcomes.get(i)!.body.position).sort((a, b) => a - b);
      expect(positions).toEqual([positions[0], positions[0] + 1, positions[0] + 2, positions[0] + 3]);
    });

    it("decides a member's disclosures on its facts, not its disclosures: an authorization recorded before is read", async () => {
      const store = open();
      const handler = handlerOn(store, 0);
      await handler.execute(authorization('M1'));
      for (const id of ['D1', 'D2', 'D3']) await handler.execute(disclosure(id, 'M1'));
      store.reads.length = 0;
      const outcomes = (await handler.execute(chunk([employer('E1', 'M1'), disclosure('D4', 'M1')]))) as Answers;
      expect(store.reads).toEqual(['facts:member-M1']);
      expect(outcomes.get(0)).toMatchObject({ status: 201, body: { permitted: true, accountable: false } });
      expect(outcomes.get(1)).toMatchObject({ status: 201 });
      const stored = await store.readStream('member-M1');
      expect(stored.map((e) => [e.type, e.revision])).toEqual([
        ['AuthorizationRecorded', 0n],
        ...[1n, 2n, 3n, 4n, 5n].map((revision) => ['PhiDisclosed', revision]),
      ]);
    });

    it('reads the whole stream for a line its facts cannot answer (a disclosure id already stored) and replays it', async () => {
      const store = open();
      const handler = handlerOn(store, 0);
      const first = (await handler.execute(disclosure('D1', 'M1'))) as { body: unknown };
      await handler.execute(disclosure('D2', 'M1'));
      store.reads.length = 0;
      const outcomes = (await handler.execute(chunk([disclosure('D1', 'M1'), disclosure('D3', 'M1')]))) as Answers;
      expect(store.reads).toEqual(['facts:member-M1', 'member-M1']);
      expect(outcomes.get(0)).toEqual({ status: 200, body: first.body });
      expect(outcomes.get(1)).toMatchObject({ status: 201 });
      expect(await store.readStream('member-M1')).toHaveLength(3);
    });

    it('answers the same outcomes as a batch of the same commands, replays and refusals included', async () => {
      const commands = () => [
        disclosure('D1', 'M1'),
        disclosure('D1', 'M1'),
        disclosure('D1', 'M2'),
        disclosure('K1', 'M3', {
          legalBasis: { cfr: '164.512(k)(5)', permitted: true, authorizationId: null, rationale: null },
        }),
      ];
      const viaBatch = await handlerOn(open('batch.sqlite'), 10).execute(
        new CommandBatch(
          commands().map((command, index) => ({ index, command })),
          context,
        ),
      );
      const viaImport = await handlerOn(open('import.sqlite'), 10).execute(chunk(commands()));
      expect(viaImport).toEqual(viaBatch);
      expect([0, 1, 2, 3].map((i) => (viaImport as Answers).get(i)!.status)).toEqual([201, 200, 409, 422]);
    });

    it('leaves the bulk path for a member another instance has moved on: read, decided again, stored once', async () => {
      const one = handlerOn(open(), 10);
      const two = handlerOn(open(), 10);
      await one.execute(disclosure('D1', 'M1'));
      await one.execute(disclosure('D2', 'M1')); // M1 cached in instance one
      await two.execute(authorization('M1'));
      const outcomes = (await one.execute(chunk([employer('E1', 'M1'), disclosure('D3', 'M9')]))) as Answers;
      expect(outcomes.get(0)).toMatchObject({ status: 201, body: { permitted: true } });
      expect(outcomes.get(1)).toMatchObject({ status: 201 });
    });

    it('answers a line already stored through another instance as a replay of its first record', async () => {
      const one = handlerOn(open(), 10);
      const two = handlerOn(open(), 10);
      await one.execute(disclosure('D1', 'M1'));
      await one.execute(disclosure('D2', 'M1'));
      const first = (await two.execute(disclosure('D3', 'M1'))) as { body: unknown };
      const outcomes = (await one.execute(chunk([disclosure('D3', 'M1')]))) as Answers;
      expect(outcomes.get(0)).toEqual({ status: 200, body: first.body });
    });
  });

  describe('two instances on one store', () => {
    it('a decision on a cached state that another instance has moved on is retried on the stream (revision conflict)', async () => {
      const one = handlerOn(open(), 10);
      const two = handlerOn(open(), 10);
      await one.execute(disclosure('D1', 'M1'));
      await one.execute(disclosure('D2', 'M1')); // M1 cached in instance one
      await two.execute(authorization('M1')); // recorded through instance two
      // instance one decides on its cached state (no authorization), the store refuses the stale revision,
      // and the retry reads the stream: the authorization is there, the disclosure is permitted
      expect(await one.execute(employer('E1', 'M1'))).toMatchObject({ status: 201, body: { permitted: true } });
    });

    it('a replay decided on a cached state is decided again on the stream and answered as the first record', async () => {
      const one = handlerOn(open(), 10);
      const two = handlerOn(open(), 10);
      await one.execute(disclosure('D1', 'M1'));
      await one.execute(disclosure('D2', 'M1'));
      const first = await two.execute(disclosure('D3', 'M1'));
      expect(await one.execute(disclosure('D3', 'M1'))).toEqual({
        status: 200,
        body: (first as { body: unknown }).body,
      });
    });

    it('a refusal decided on a cached state is decided again on the stream before it is given', async () => {
      const one = handlerOn(open(), 10);
      const two = handlerOn(open(), 10);
      await one.execute(disclosure('D1', 'M1'));
      await one.execute(disclosure('D2', 'M1'));
      await two.execute(custody('M1'));
      const correctional = disclosure('K1', 'M1', {
        recipient: { name: 'County Jail', address: null, id: 'JAIL' },
        legalBasis: { cfr: '164.512(k)(5)', permitted: true, authorizationId: null, rationale: null },
      });
      expect(await one.execute(correctional)).toMatchObject({ status: 201, body: { accountable: false } });
    });

    it('a disclosure id used for another member is 409 ID_CONFLICT, never a second record', async () => {
      const one = handlerOn(open(), 10);
      await one.execute(disclosure('D1', 'M1'));
      expect(await one.execute(disclosure('D1', 'M2'))).toMatchObject({ status: 409, code: 'ID_CONFLICT' });
    });
  });
});
