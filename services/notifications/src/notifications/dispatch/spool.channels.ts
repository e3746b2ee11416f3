import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelResult, MessageChannelProvider, OutgoingMessage } from './channel';

/**
 * SMS goes through a provider behind `MessageChannelProvider`; this development provider records
 * each text in `<spool>/sms.jsonl` and reports it delivered. A real provider (an SMS gateway's API)
 * replaces it by implementing the same interface.
 */
export class RecordingSmsChannel implements MessageChannelProvider {
  readonly channel = 'sms' as const;

  constructor(private readonly spoolDir: string) {}

  async send(message: OutgoingMessage): Promise<ChannelResult> {
    try {
      await mkdir(this.spoolDir, { recursive: true });
      const line = {
        at: new Date().toISOString(),
        ...message,
        text: `${message.subject}\n\n${message.text}`,
      };
      await appendFile(join(this.spoolDir, 'sms.jsonl'), `${JSON.stringify(line)}\n`);
      return { kind: 'sent', delivered: true };
    } catch (error) {
      return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** Letters are queued for print: one file per letter in `<spool>/print-queue/`, picked up by the print run. */
export class PrintQueueLetterChannel implements MessageChannelProvider {
  readonly channel = 'letter' as const;

  constructor(private readonly spoolDir: string) {}

  async send(message: OutgoingMessage): Promise<ChannelResult> {
    try {
      const queue = join(this.spoolDir, 'print-queue');
      await mkdir(queue, { recursive: true });
      await writeFile(
        join(queue, `${message.messageId}.txt`),
        `${message.to}\n\n${message.subject}\n\n${message.text}\n`,
      );
      return { kind: 'sent', delivered: false };
    } catch (error) {
      return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
