import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ServiceConfig } from '@accord/platform';
import { ApiDocsHttpController } from './api-docs/api-docs.http.controller';
import { ConsoleHttpController } from './console/console.http.controller';
import { ConsoleSignInDirectory } from './console/console-sign-in';
import type { GatewayConfig } from './gateway.config';
import { ProxyHttpController } from './proxy/proxy.http.controller';
import { AddressRateLimitMiddleware, RateLimitGuard } from './rate-limit/rate-limit.guard';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ServiceConfig],
      useFactory: (config: GatewayConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        errorMessage: `Too many requests: at most ${config.RATE_LIMIT_PER_MINUTE} a minute per caller; wait and retry.`,
      }),
    }),
  ],
  // The docs route is declared before the catch-all proxy route, so it is matched first; the
  // console's catch-all comes last, after everything under /api.
  controllers: [ApiDocsHttpController, ProxyHttpController, ConsoleHttpController],
  providers: [ConsoleSignInDirectory, { provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AddressRateLimitMiddleware).forRoutes('api/*path');
  }
}
