import { DeciderSpecification, type Decider } from './decider-spec';

type Command = { type: 'Open' } | { type: 'Close' };
type Event = { type: 'Opened' } | { type: 'Closed' };
type State = { status: 'new' | 'open' | 'closed' };

const door: Decider<Command, Event, State> = {
  initialState: { status: 'new' },
  evolve: (_state, event) => ({ status: event.type === 'Opened' ? 'open' : 'closed' }),
  decide: (command, state) => {
    if (command.type === 'Open') return state.status === 'open' ? [] : [{ type: 'Opened' }];
    if (state.status !== 'open') throw new Error('NOT_OPEN');
    return [{ type: 'Closed' }];
  },
};

const spec = DeciderSpecification.for(door);

describe('DeciderSpecification', () => {
  it('folds the given events before deciding', () => {
    spec([{ type: 'Opened' }])
      .when({ type: 'Close' })
      .then([{ type: 'Closed' }]);
  });

  it('detects a wrong expectation', () => {
    expect(() =>
      spec([])
        .when({ type: 'Open' })
        .then([{ type: 'Closed' }]),
    ).toThrow();
  });

  it('checks for no events', () => {
    spec([{ type: 'Opened' }])
      .when({ type: 'Open' })
      .thenNothingHappens();
  });

  it('checks thrown domain errors, and fails when nothing is thrown', () => {
    spec([])
      .when({ type: 'Close' })
      .thenThrows((error) => (error as Error).message === 'NOT_OPEN');
    expect(() =>
      spec([{ type: 'Opened' }])
        .when({ type: 'Close' })
        .thenThrows(),
    ).toThrow(/decided without error/);
  });

  it('folds events to a state, and makes a history through the decider', () => {
    expect(spec.stateAfter([{ type: 'Opened' }])).toEqual({ status: 'open' });
    expect(spec.history([], { type: 'Open' }, { type: 'Open' }, { type: 'Close' })).toEqual([
      { type: 'Opened' },
      { type: 'Closed' },
    ]);
    expect(() => spec.history([], { type: 'Close' })).toThrow('NOT_OPEN');
  });
});
