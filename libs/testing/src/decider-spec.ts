/// <reference types="jest" />
// The harness is also loaded by development tools (token, demo) built without test types; its
// assertions run only inside jest.
/**
 * Given/when/then over a decider (three pure functions), in jest:
 *
 *   const spec = DeciderSpecification.for(consentDecider);
 *   spec([consentRequested]).when(recordConsent).then([consentRecorded]);
 *   spec([]).when(recordConsent).thenThrows((e) => e instanceof DomainError && e.code === 'NOT_REQUESTED');
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

export const DeciderSpecification = {
  for<Command, Event, State>(decider: Decider<Command, Event, State>): DeciderGiven<Command, Event> {
    return (given) => ({
      when(command) {
        const decide = (): Event[] =>
          decider.decide(command, given.reduce(decider.evolve, decider.initialState));
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
  },
};
