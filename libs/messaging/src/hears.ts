import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RegisteredIntegrationEvent } from '@accord/contracts';
import type { KafkaEventContext } from './kafka-event.server';

/** The payload of any of these contracts' events. */
type PayloadOf<Contracts extends readonly RegisteredIntegrationEvent[]> = InstanceType<
  Contracts[number]['schema']
>;

/** A method that handles one message: its payload, then its context. */
type EventHandlerMethod<Event> = (event: Event, context: KafkaEventContext) => Promise<void>;

/**
 * The one way a message controller says what it hears: the method gets each event of these
 * contracts (already checked against its contract by KafkaEventServer) and the message's context,
 * and must take the contracts' payload type, so the routed event and the handled type cannot drift
 * apart.
 */
export function Hears<const Contracts extends readonly RegisteredIntegrationEvent[]>(
  ...contracts: Contracts
) {
  return (
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<EventHandlerMethod<PayloadOf<Contracts>>>,
  ): void => {
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
    EventPattern(contracts.map((contract) => contract.type))(target, key, descriptor);
  };
}
