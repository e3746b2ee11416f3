/** What messaging reports; libs/platform backs it with Prometheus counters. */
export interface MessagingMetrics {
  published(topic: string, count: number): void;
  consumed(topic: string, type: string, outcome: ConsumeOutcome): void;
  /** Events stored but not yet published by this service's relay. */
  relayLag(service: string, events: number): void;
}

export type ConsumeOutcome = 'handled' | 'ignored' | 'retried' | 'dead-lettered';

export const noMetrics: MessagingMetrics = {
  published: () => undefined,
  consumed: () => undefined,
  relayLag: () => undefined,
};
