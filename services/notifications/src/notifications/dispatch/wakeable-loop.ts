import type { Logger } from 'pino';

/**
 * A background pass that runs every `intervalMs`, at once when woken, and again straight away
 * when it reports more work; a failed pass is logged and tried at the next turn. The message
 * dispatcher and the webhook dispatcher each run one.
 */
export class WakeableLoop {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly pass: () => Promise<'more' | 'idle'>,
    private readonly intervalMs: number,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly what: string,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.loop ??= this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if ((await this.pass()) === 'more') continue;
      } catch (error) {
        this.logger.warn({ err: error }, `${this.what} failed; trying again`);
      }
      if (this.stopped) return;
      await new Promise<void>((resolveWait) => {
        const timer = setTimeout(resolveWait, this.intervalMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolveWait();
        };
      });
    }
  }
}
