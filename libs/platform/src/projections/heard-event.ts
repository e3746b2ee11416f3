import {
  checkContract,
  integrationEvent,
  isServiceName,
  type RegisteredIntegrationEvent,
} from '@accord/contracts';
import { parseStreamName, type RecordedEvent } from '@accord/event-store';
import { decodeCloudEvent, toKafkaRecord } from '@accord/messaging';
import type { HeardEvent } from './projection';

/**
 * A stored event as a consumer of `listened` would have heard it: what the source service's relay
 * publishes (`toKafkaRecord`), decoded and contract-checked as KafkaEventServer does. `null` for an
 * event that is not published, not one of `listened`, or that the consumer would dead-letter.
 */
export function heardFromLog(
  event: RecordedEvent,
  listened: readonly RegisteredIntegrationEvent[],
): HeardEvent | null {
  let service: string;
  try {
    service = parseStreamName(event.streamId).service;
  } catch {
    return null;
  }
  if (!isServiceName(service)) return null;
  const record = toKafkaRecord(service, event);
  if (!record) return null;
  const cloudEvent = decodeCloudEvent(record.headers, record.value);
  if (!listened.some((listenedTo) => listenedTo.type === cloudEvent.type)) return null;
  const contract = integrationEvent(cloudEvent.type);
  if (!contract) return null;
  const check = checkContract(contract, cloudEvent.data);
  if (!check.valid) return null;
  return { name: contract.name, id: cloudEvent.id, time: cloudEvent.time, data: check.value };
}
