import { SetMetadata } from '@nestjs/common';

export const PUBLIC = 'accord.auth.public';

/** The route answers without a token (health, metrics, API docs, the trusted-issuer list). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);
