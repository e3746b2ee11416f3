import { Injectable } from '@nestjs/common';
import type { notificationsDecider } from '@accord/notifications-domain';
import type { AfterCommand, CommandOutcome } from '@accord/platform';

/**
 * Wakes the dispatcher after every command, naming the case, so a queued message goes at once
 * rather than at the next interval, and the pass looks at that case rather than at every case
 * with something queued.
 */
@Injectable()
export class DispatchSignal implements AfterCommand<typeof notificationsDecider> {
  private listener: ((caseId: string) => void) | undefined;

  onSignal(listener: (caseId: string) => void): void {
    this.listener = listener;
  }

  async afterCommand({ command }: CommandOutcome<typeof notificationsDecider>): Promise<void> {
    this.listener?.(command.data.caseId);
  }
}
