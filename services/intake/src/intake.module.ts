import { Module } from '@nestjs/common';

/** The intake service's own slices register here. */
@Module({})
export class IntakeModule {}
