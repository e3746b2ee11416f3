import { createParamDecorator, Injectable, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidRequest } from '@accord/platform';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/** `Idempotency-Key` is required: a retried submission must not become a second case. */
@Injectable()
export class IdempotencyKeyPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && KEY.test(value)) return value;
    throw new InvalidRequest([
      {
        header: 'Idempotency-Key',
        detail:
          value === undefined
            ? 'the Idempotency-Key header is required: send a new unique key (e.g. a UUID) per referral, and the same key when retrying it'
            : 'the Idempotency-Key header must be 8 to 200 characters of letters, digits and . _ : -',
      },
    ]);
  }
}

/** The raw `Idempotency-Key` header; pair it with IdempotencyKeyPipe. */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<Request>().header('idempotency-key'),
);
