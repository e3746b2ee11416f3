export {
  DurableScheduler,
  type DurableSchedulerOptions,
  type FiredTimer,
  type SchedulerLogger,
  type TimerHandler,
  type TimerSpec,
} from './durable-scheduler';
export {
  afterFailure,
  DEFAULT_RETRY_POLICY,
  SchedulerConfigError,
  type RetryDecision,
  type RetryPolicy,
  type TimerFilter,
} from './timer-rules';
