import type { TimerKind, Tracking } from './follow-up.decider';

export interface TimerPolicy {
  /** How long before an action's due date its reminder fires. */
  readonly reminderBeforeMs: number;
  /** How long after a check-in's due date an unrecorded check-in counts as missed. */
  readonly checkInGraceMs: number;
}

export interface PlannedTimer {
  readonly timerId: string;
  readonly kind: TimerKind;
  /** The action or check-in the timer is about. */
  readonly subjectId: string;
  readonly dueAt: Date;
}

/** `action-due:<actionId>`: ids say what a timer is for, so scheduling again is a no-op. */
export const timerId = (kind: TimerKind, subjectId: string): string => `${kind}:${subjectId}`;

/**
 * The timers a tracked case needs now: one per reminder, due date, check-in and check-in grace
 * period that has not happened yet. Settled things (resolved actions, recorded check-ins) need none.
 */
export function timersFor(tracking: Tracking, policy: TimerPolicy): PlannedTimer[] {
  const timers: PlannedTimer[] = [];
  const plan = (kind: TimerKind, subjectId: string, dueAt: number) =>
    timers.push({ timerId: timerId(kind, subjectId), kind, subjectId, dueAt: new Date(dueAt) });
  for (const [actionId, action] of Object.entries(tracking.actions)) {
    if (action.result) continue;
    const dueBy = Date.parse(action.dueBy);
    if (!action.reminded) plan('action-reminder', actionId, dueBy - policy.reminderBeforeMs);
    if (!action.overdue) plan('action-due', actionId, dueBy);
  }
  for (const [checkInId, checkIn] of Object.entries(tracking.checkIns)) {
    if (checkIn.recorded || checkIn.dueAt === null) continue;
    const dueAt = Date.parse(checkIn.dueAt);
    if (!checkIn.due) plan('check-in-due', checkInId, dueAt);
    if (!checkIn.missed) plan('check-in-grace-over', checkInId, dueAt + policy.checkInGraceMs);
  }
  return timers;
}

/** Timers that settling one action or check-in makes pointless. */
export function timersSettledBy(subjectId: string): string[] {
  return (['action-reminder', 'action-due', 'check-in-due', 'check-in-grace-over'] as const).map((kind) =>
    timerId(kind, subjectId),
  );
}

const DAY_MS = 86_400_000;

/** Days (fractions allowed, so tests can use seconds) to milliseconds. */
export const daysToMs = (days: number): number => Math.round(days * DAY_MS);
