/**
 * Who acts: the verified caller (the bearer token's `sub` and roles), or one of Accord's own steps
 * (`system:<service>`, no roles) reacting to an event or a timer.
 */
export interface Actor {
  readonly id: string;
  readonly roles: readonly string[];
}

/**
 * The audit trail of a command, passed in (never read from a clock inside `decide`) and copied onto
 * every event it appends (as the event store's EventMetadata: `actor.id`, `now` as `occurredAt`).
 * Built in one place per way a command arrives: an HTTP request, a Kafka event, a fired timer
 * (libs/platform, `commands/command-metadata.ts`).
 */
export interface CommandMetadata {
  readonly actor: Actor;
  /** The agency the actor acts for: the token's, or the receiving service for a system step. */
  readonly agency?: string;
  /** The person or agency the actor acts for, when not themselves. */
  readonly onBehalfOf?: string;
  readonly reason?: string;
  /** Version of the rule set the decision is made under. */
  readonly ruleVersion?: string;
  /** ISO-8601 instant the command is decided at. */
  readonly now: string;
  readonly correlationId: string;
  /** The request, Kafka event or timer that caused the command. */
  readonly causationId: string;
  /** W3C trace context of the request or event that caused the command. */
  readonly traceparent?: string;
}

/** Every decider's command: what to do, with what, and who asks when (Emmett's shape). */
export interface Command<Type extends string, Data extends { readonly caseId: string }> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/**
 * The union of a decider's events, `{ type, data }` each, from a map of event type to data:
 * `Events<{ ConsentGiven: ConsentGivenV1; CaseHalted: CaseHaltedV1 }>`.
 */
export type Events<DataByType> = {
  [Type in keyof DataByType & string]: { readonly type: Type; readonly data: DataByType[Type] };
}[keyof DataByType & string];
