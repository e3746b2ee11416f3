import { Expose } from 'class-transformer';
import { IsString, Matches, MinLength } from 'class-validator';
import { ServiceConfig, WholeNumber } from '@accord/platform';

/** Where messages go out: an SMTP server for email, a local spool for the development SMS and print providers. */
export class NotificationsConfig extends ServiceConfig {
  /** The mail server (`smtp://host:port`, `smtps://user:pass@host:465`); `npm start` points it at the development sink. */
  @Expose()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an SMTP URL such as smtp://127.0.0.1:1025' })
  NOTIFICATIONS_SMTP_URL = 'smtp://127.0.0.1:1025';

  /** The sender every email carries. */
  @Expose()
  @IsString()
  @MinLength(3)
  NOTIFICATIONS_MAIL_FROM = 'Accord restorative justice <no-reply@accord.invalid>';

  /** Where the development SMS provider records texts and the print queue keeps letters. */
  @Expose()
  @IsString()
  @MinLength(1)
  NOTIFICATIONS_SPOOL_DIR = '.accord/notifications';

  /** How often each replica looks for messages waiting to go (a command also wakes it at once). */
  @WholeNumber({ unit: 'milliseconds', min: 50, max: 60_000 })
  NOTIFICATIONS_DISPATCH_INTERVAL_MS = 1_000;

  /** Longest wait between attempts while a channel is down (doubling from the interval). */
  @WholeNumber({ unit: 'milliseconds', min: 100, max: 3_600_000 })
  NOTIFICATIONS_MAX_BACKOFF_MS = 30_000;

  /** How long a webhook endpoint has to answer before the attempt counts as failed. */
  @WholeNumber({ unit: 'milliseconds', min: 100, max: 120_000 })
  NOTIFICATIONS_WEBHOOK_TIMEOUT_MS = 10_000;

  /** The first retry's delay; each next one doubles (up to an hour). */
  @WholeNumber({ unit: 'milliseconds', min: 10, max: 3_600_000 })
  NOTIFICATIONS_WEBHOOK_FIRST_RETRY_MS = 10_000;

  /** How long a delivery is retried before it is parked with its reason (24 hours). */
  @WholeNumber({ unit: 'milliseconds', min: 100, max: 604_800_000 })
  NOTIFICATIONS_WEBHOOK_GIVE_UP_MS = 86_400_000;

  /**
   * Hosts a webhook may name although they are loopback or private, over HTTP too: development
   * only (e.g. `127.0.0.1,localhost`). Empty everywhere else: no SSRF into the platform's network.
   */
  @Expose()
  @Matches(/^[A-Za-z0-9.:\-]*(,[A-Za-z0-9.:\-]+)*$/, { message: 'must be a comma-separated list of hosts' })
  NOTIFICATIONS_WEBHOOK_ALLOWED_PRIVATE_HOSTS = '';
}

export const allowedPrivateHosts = (config: NotificationsConfig): string[] =>
  config.NOTIFICATIONS_WEBHOOK_ALLOWED_PRIVATE_HOSTS.split(',').filter(Boolean);
