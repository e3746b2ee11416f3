import 'reflect-metadata';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ReferralStatusMessageController } from './referral-status.message.controller';
import { REFERRAL_STATUS_HEARD, referralStatusProjection } from './referral-status.projection';

describe('referral status projection', () => {
  it('hears exactly the events its message controller subscribes to, so a rebuild reads those from the log', () => {
    const prototype = ReferralStatusMessageController.prototype as unknown as Record<string, unknown>;
    const subscribed = Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const method = prototype[name];
      const patterns: unknown =
        typeof method === 'function' ? Reflect.getMetadata(PATTERN_METADATA, method) : [];
      return Array.isArray(patterns) ? (patterns as string[]) : [];
    });
    expect(subscribed.sort()).toEqual(REFERRAL_STATUS_HEARD.map((event) => event.type).sort());
    expect(referralStatusProjection.heard?.events).toBe(REFERRAL_STATUS_HEARD);
  });
});
