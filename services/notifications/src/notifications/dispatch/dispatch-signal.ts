import { Injectable } from '@nestjs/common';
import type { notificationsDecider } from '@accord/notifications-domain';
import type { AfterCommand } from '@accord/platform';

/** Wakes the dispatcher after every command, so a queued message goes at once rather than at the next interval. */
@Injectable()
export class DispatchSignal implements AfterCommand<typeof notificationsDecider> {
  private listener: (() => void) | undefined;

  onSignal(listener: () => void): void {
    this.listener = listener;
  }

  async afterCommand(): Promise<void> {
    this.listener?.();
  }
}
