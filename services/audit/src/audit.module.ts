import { Module } from '@nestjs/common';

/** The audit service's own slices register here. */
@Module({})
export class AuditModule {}
