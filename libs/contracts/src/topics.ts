import type { ServiceName } from './service-manifest';

/**
 * Topic names live here and nowhere else: `accord.<service>.events`, keyed by caseId, with a
 * `.retry` and a `.dlq` topic beside each.
 */
export const topics = {
  events: (service: ServiceName): string => `accord.${service}.events`,
  retry: (service: ServiceName): string => `accord.${service}.events.retry`,
  dlq: (service: ServiceName): string => `accord.${service}.events.dlq`,
};

/** Consumer group of a service: one group per service, whatever the number of replicas. */
export const consumerGroup = (service: ServiceName): string => `accord.${service}`;

/** Partitions per topic: a consumer group can grow to this many replicas. */
export const TOPIC_PARTITIONS = 12;
