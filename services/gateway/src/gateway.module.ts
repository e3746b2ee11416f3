import { Module } from '@nestjs/common';

/** The gateway service's own slices register here. */
@Module({})
export class GatewayModule {}
