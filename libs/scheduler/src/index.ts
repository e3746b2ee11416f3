export {
  caseTimer,
  caseTimerId,
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
export {
  addWorkingDays,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  HOLIDAY_CALENDARS,
  isWorkingDay,
  parseHolidays,
  type Holidays,
} from './working-days';
