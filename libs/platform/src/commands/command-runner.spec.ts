import { randomUUID } from 'node:crypto';
import { DomainError, type Command, type CommandMetadata } from '@accord/contracts';
import { InMemoryEventStore, WrongExpectedVersion, type Decider, type EventStore } from '@accord/event-store';
import { CommandRunner, type AfterCommand, type CommandOutcome } from './command-runner';

type Consent = Command<'RecordConsent' | 'WithdrawConsent', { caseId: string; personId: string }>;
type ConsentEvent =
  | { type: 'ConsentRecorded'; data: { caseId: string; personId: string } }
  | { type: 'ConsentWithdrawn'; data: { caseId: string; personId: string } };
type State = { readonly consented: readonly string[]; readonly halted: boolean };

const decider: Decider<Consent, ConsentEvent, State> = {
  initialState: { consented: [], halted: false },
  decide(command, state) {
    const { caseId, personId } = command.data;
    if (state.halted) throw new DomainError('conflict', 'CASE_HALTED', 'the case is halted');
    if (command.type === 'RecordConsent')
      return state.consented.includes(personId)
        ? []
        : [{ type: 'ConsentRecorded', data: { caseId, personId } }];
    if (!state.consented.includes(personId))
      throw new DomainError('unprocessable', 'NOT_CONSENTED', `${personId} has not consented`);
    return [{ type: 'ConsentWithdrawn', data: { caseId, personId } }];
  },
  evolve(state, event) {
    return event.type === 'ConsentRecorded'
      ? { ...state, consented: [...state.consented, event.data.personId] }
      : { consented: state.consented.filter((id) => id !== event.data.personId), halted: true };
  },
};

const metadata = (causationId = randomUUID()): CommandMetadata => ({
  actor: { id: 'officer-1', roles: ['consent-officer'] },
  agency: 'rj-service-north',
  now: '2026-03-01T10:00:00.000Z',
  correlationId: 'correlation-1',
  causationId,
});
const command = (
  type: Consent['type'],
  caseId: string,
  personId: string,
  meta: CommandMetadata = metadata(),
): Consent => ({ type, data: { caseId, personId }, metadata: meta });

const model = { decider, stream: (caseId: string) => `consent.Consent-${caseId}` };
const quiet = { warn: jest.fn() };

/** Records every outcome it follows, as a read model or a timer would. */
class Hook implements AfterCommand<typeof decider> {
  readonly seen: CommandOutcome<typeof decider>[] = [];
  async afterCommand(outcome: CommandOutcome<typeof decider>): Promise<void> {
    this.seen.push(outcome);
  }
}

/** A store whose first read of the case's stream is followed by another writer's append. */
function racing(store: InMemoryEventStore, caseId: string, competitor: string): EventStore {
  let raced = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'readStream') return Reflect.get(target, property, receiver) as unknown;
      return async (id: string) => {
        const events = await target.readStream(id);
        if (id === model.stream(caseId) && !raced) {
          raced = true;
          await target.appendToStream(
            id,
            [
              {
                eventId: randomUUID(),
                type: 'ConsentRecorded',
                schemaVersion: 1,
                data: { caseId, personId: competitor },
                metadata: {
                  actor: 'someone-else',
                  occurredAt: '2026-03-01T09:59:00.000Z',
                  correlationId: 'correlation-0',
                  causationId: 'another-cause',
                },
              },
            ],
            { expectedVersion: 'any' },
          );
        }
        return events;
      };
    },
  });
}

/** A runner over a fresh in-memory store with one recording hook, and a fresh case for it. */
function runnerWithHook(logger: typeof quiet = quiet) {
  const store = new InMemoryEventStore();
  const hook = new Hook();
  return { store, hook, runner: new CommandRunner(model, store, [hook], logger), caseId: randomUUID() };
}

describe('CommandRunner', () => {
  it('loads, folds, decides and appends with the expected version, leaving the audit trail on each event', async () => {
    const { store, hook, runner, caseId } = runnerWithHook();
    const meta = metadata();
    const first = await runner.run(command('RecordConsent', caseId, 'p1', meta));
    expect(first).toMatchObject({ newEvents: [{ type: 'ConsentRecorded' }], version: 0, duplicate: false });
    const second = await runner.run(command('RecordConsent', caseId, 'p2'));
    expect(second.state.consented).toEqual(['p1', 'p2']);
    const stored = await store.readStream(model.stream(caseId));
    expect(stored.map((event) => event.streamVersion)).toEqual([0, 1]);
    expect(stored[0]?.metadata).toMatchObject({
      actor: 'officer-1',
      agency: 'rj-service-north',
      occurredAt: meta.now,
      correlationId: 'correlation-1',
      causationId: meta.causationId,
    });
    expect(hook.seen.map((outcome) => outcome.newEvents.length)).toEqual([1, 1]);
  });

  it('appends nothing when the decider decides nothing, and still runs the hooks', async () => {
    const { store, hook, runner, caseId } = runnerWithHook();
    await runner.run(command('RecordConsent', caseId, 'p1'));
    const again = await runner.run(command('RecordConsent', caseId, 'p1'));
    expect(again).toMatchObject({ newEvents: [], version: 0, duplicate: false });
    expect(await store.readStream(model.stream(caseId))).toHaveLength(1);
    expect(hook.seen).toHaveLength(2);
  });

  it('handles each cause once: a redelivered command decides nothing, appends nothing and says it was a duplicate', async () => {
    const { store, hook, runner, caseId } = runnerWithHook();
    const meta = metadata();
    await runner.run(command('RecordConsent', caseId, 'p1', meta));
    const redelivered = await runner.run(command('RecordConsent', caseId, 'p2', meta));
    expect(redelivered).toMatchObject({ newEvents: [], duplicate: true });
    expect(redelivered.state.consented).toEqual(['p1']);
    expect(await store.readStream(model.stream(caseId))).toHaveLength(1);
    // The hook runs for the duplicate too, so a crash between the append and the hook heals.
    expect(hook.seen.map((outcome) => outcome.duplicate)).toEqual([false, true]);
  });

  it('decides again on the newer state when another writer appended first', async () => {
    const store = new InMemoryEventStore();
    const caseId = randomUUID();
    const runner = new CommandRunner(model, racing(store, caseId, 'p0'), [], quiet);
    const outcome = await runner.run(command('RecordConsent', caseId, 'p1'));
    expect(outcome.state.consented).toEqual(['p0', 'p1']);
    expect((await store.readStream(model.stream(caseId))).map((event) => event.data)).toEqual([
      { caseId, personId: 'p0' },
      { caseId, personId: 'p1' },
    ]);
  });

  it('gives up with the conflict when other writers keep appending first', async () => {
    const store = new InMemoryEventStore();
    const caseId = randomUUID();
    const always: EventStore = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'appendToStream') return Reflect.get(target, property, receiver) as unknown;
        return async () => {
          throw new WrongExpectedVersion(model.stream(caseId), 0, 1);
        };
      },
    });
    const runner = new CommandRunner(model, always, [], quiet);
    await expect(runner.run(command('RecordConsent', caseId, 'p1'))).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
  });

  it('lets a domain error through unchanged, and appends nothing', async () => {
    const store = new InMemoryEventStore();
    const runner = new CommandRunner(model, store, [], quiet);
    const caseId = randomUUID();
    await expect(runner.run(command('WithdrawConsent', caseId, 'p1'))).rejects.toMatchObject({
      code: 'NOT_CONSENTED',
    });
    expect(await store.readStream(model.stream(caseId))).toEqual([]);
  });

  it('acknowledges a late reaction that conflicts with the case, logging why, when asked to', async () => {
    const logger = { warn: jest.fn() };
    const { hook, runner, caseId } = runnerWithHook(logger);
    await runner.run(command('RecordConsent', caseId, 'p1'));
    await runner.run(command('WithdrawConsent', caseId, 'p1'));
    await expect(runner.run(command('RecordConsent', caseId, 'p2'))).rejects.toMatchObject({
      code: 'CASE_HALTED',
    });
    const late = await runner.run(command('RecordConsent', caseId, 'p2'), { acknowledgeConflict: true });
    expect(late).toMatchObject({ newEvents: [], duplicate: false });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ caseId, command: 'RecordConsent', code: 'CASE_HALTED' }),
      expect.stringContaining('not decided'),
    );
    expect(hook.seen).toHaveLength(2);
  });
});
