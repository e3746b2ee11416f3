/** What messaging reports; libs/platform backs it with Prometheus counters. */
export interface MessagingMetrics {
  published(topic: string, count: number): void;
  consumed(topic: string, type: string, outcome: ConsumeOutcome): void;
  /**
   * What this service's relay has stored and not yet published: the events of its next batch, and
   * how long ago the oldest of them was recorded (0 when caught up).
   */
  relayLag(service: string, events: number, oldestAgeSeconds: number): void;
  /** Whether this replica holds the relay lock (exactly one replica per service should). */
  relayLeader(service: string, leading: boolean): void;
}

export type ConsumeOutcome = 'handled' | 'ignored' | 'retried' | 'dead-lettered';

export const noMetrics: MessagingMetrics = {
  published: () => undefined,
  consumed: () => undefined,
  relayLag: () => undefined,
  relayLeader: () => undefined,
};
