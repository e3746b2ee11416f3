import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelResult, MessageChannelProvider, OutgoingMessage } from './channel';

/** The SMTP answer, without the recipient's address (the reason is recorded; the address is personal). */
const withoutAddress = (text: string, to: string): string =>
  text.split(to).join('<recipient>').slice(0, 1000);

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

/**
 * Email over SMTP with nodemailer. A permanent refusal (5xx) is a bounce; a connection that fails,
 * times out or answers 4xx leaves the message waiting, and the dispatcher tries again later.
 */
export class SmtpEmailChannel implements MessageChannelProvider {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.transport = createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
      secure: url.protocol === 'smtps:',
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: OutgoingMessage): Promise<ChannelResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        // The same message id on every attempt: a receiver can tell a repeat from a new message.
        messageId: `<${message.messageId}@accord.invalid>`,
        headers: { 'Content-Language': message.language, 'X-Accord-Message': message.messageId },
      });
      const rejected = (info.rejected ?? []).length > 0;
      return rejected
        ? {
            kind: 'bounced',
            reason: withoutAddress(String(info.response ?? 'recipient rejected'), message.to),
          }
        : { kind: 'sent', delivered: false };
    } catch (error) {
      const smtp = error as SmtpError;
      const reason = withoutAddress(smtp.response ?? smtp.message ?? String(error), message.to);
      if (smtp.responseCode !== undefined && smtp.responseCode >= 500 && smtp.responseCode < 600)
        return { kind: 'bounced', reason };
      return { kind: 'retry', reason: `${smtp.code ?? 'error'}: ${reason}` };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
