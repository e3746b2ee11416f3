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
  /** How many partitions of `topic` the consumer group gave this replica (0 once it left the group). */
  assignedPartitions(topic: string, count: number): void;
}

export type ConsumeOutcome = 'handled' | 'ignored' | 'retried' | 'dead-lettered';

export const noMetrics: MessagingMetrics = {
  published: () => undefined,
  consumed: () => undefined,
  relayLag: () => undefined,
  relayLeader: () => undefined,
  assignedPartitions: () => undefined,
};
