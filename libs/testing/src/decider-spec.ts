/// <reference types="jest" />
// The harness is also loaded by development tools (token, demo) built without test types; its
// assertions run only inside jest.
/**
 * Given/when/then over a decider (three pure functions), in jest:
 *
 *   const spec = DeciderSpecification.for(consentDecider);
 *   spec([consentRequested]).when(recordConsent).then([consentRecorded]);
 *   spec([]).when(recordConsent).thenThrows(isDomainError('NOT_REQUESTED'));
 *
 * No Nest, no database: the decider is folded over the given events and asked to decide.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

export interface DeciderThen<Event> {
  then(expected: Event[]): void;
  thenNothingHappens(): void;
  thenThrows(check?: (error: unknown) => boolean): void;
}

export type DeciderGiven<Command, Event> = (given: Event[]) => { when(command: Command): DeciderThen<Event> };

/** The given/when/then of one decider, and the two ways its specs build what is given. */
export interface DeciderSpec<Command, Event, State> extends DeciderGiven<Command, Event> {
  /** The state `events` fold to, from the initial state. */
  stateAfter(events: readonly Event[]): State;
  /** `given`, then what the decider decided for each command in turn: a history made by the decider itself. */
  history(given: readonly Event[], ...commands: Command[]): Event[];
}

export const DeciderSpecification = {
  for<Command, Event, State>(decider: Decider<Command, Event, State>): DeciderSpec<Command, Event, State> {
    const stateAfter = (events: readonly Event[]): State =>
      events.reduce(decider.evolve, decider.initialState);
    const given: DeciderGiven<Command, Event> = (given) => ({
      when(command) {
        const decide = (): Event[] => decider.decide(command, stateAfter(given));
        return {
          then(expected) {
            expect(decide()).toEqual(expected);
          },
          thenNothingHappens() {
            expect(decide()).toEqual([]);
          },
          thenThrows(check) {
            let thrown: unknown;
            try {
              decide();
            } catch (error) {
              thrown = error;
            }
            if (thrown === undefined)
              throw new Error('expected the decider to throw, but it decided without error');
            if (check && !check(thrown))
              throw new Error(`the decider threw, but not as expected: ${String(thrown)}`);
          },
        };
      },
    });
    const history = (given: readonly Event[], ...commands: Command[]): Event[] =>
      commands.reduce<Event[]>(
        (events, command) => [...events, ...decider.decide(command, stateAfter(events))],
        [...given],
      );
    return Object.assign(given, { stateAfter, history });
  },
};
