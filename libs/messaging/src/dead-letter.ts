/** Headers Accord adds when a message goes to a retry topic or a dead-letter queue. */
export const FAILURE_HEADER = {
  reason: 'x-accord-dlq-reason',
  error: 'x-accord-error',
  stack: 'x-accord-stack',
  violations: 'x-accord-violations',
  attempts: 'x-accord-attempts',
  consumer: 'x-accord-consumer',
  originalTopic: 'x-accord-original-topic',
  originalPartition: 'x-accord-original-partition',
  originalOffset: 'x-accord-original-offset',
  failedAt: 'x-accord-failed-at',
  retryAt: 'x-accord-retry-at',
  replayOf: 'x-accord-replay-of',
} as const;

export type DeadLetterReason =
  | 'invalid-envelope'
  | 'contract-violation'
  | 'unsupported-version'
  | 'handler-failed';

export interface RetryPolicy {
  /** Tries within one delivery before handing the message to the retry topic. */
  readonly inlineAttempts: number;
  /** Wait between inline tries (ms), doubled each time. */
  readonly inlineBackoffMs: number;
  /** Delay before each redelivery through the retry topic (ms); its length is how many redeliveries. */
  readonly retryDelaysMs: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  inlineAttempts: 3,
  inlineBackoffMs: 200,
  retryDelaysMs: [1_000, 5_000, 15_000],
};

/** Kafka headers are short strings in practice: keep stacks and messages readable but bounded. */
export function clip(text: string, max = 4_000): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more characters]`;
}
