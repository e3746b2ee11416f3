import type { DurableScheduler } from '@accord/scheduler';
import type { ConsentState } from '@accord/consent-domain';

export const CONSENT_EXPIRY = 'consent-expiry';
export const CONSENT_REMINDER = 'consent-reminder';

export const expiryTimerId = (caseId: string): string => `${CONSENT_EXPIRY}:${caseId}`;
export const reminderTimerId = (caseId: string): string => `${CONSENT_REMINDER}:${caseId}`;

/**
 * Timers follow the case: while consent is being collected its reminder and expiry are scheduled
 * (idempotent on the timer id); once it is complete or halted they are cancelled.
 */
export async function syncTimers(
  scheduler: DurableScheduler,
  caseId: string,
  state: ConsentState,
): Promise<void> {
  switch (state.status) {
    case 'not-requested':
      return;
    case 'requested':
      await scheduler.schedule({
        timerId: expiryTimerId(caseId),
        kind: CONSENT_EXPIRY,
        caseId,
        dueAt: new Date(state.dueAt),
      });
      if (state.remindAt && !state.remindedAt) {
        await scheduler.schedule({
          timerId: reminderTimerId(caseId),
          kind: CONSENT_REMINDER,
          caseId,
          dueAt: new Date(state.remindAt),
        });
      }
      return;
    case 'complete':
    case 'halted':
      await scheduler.cancel({ caseId });
      return;
  }
}
