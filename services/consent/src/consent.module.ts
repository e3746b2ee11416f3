import { Module } from '@nestjs/common';

/** The consent service's own slices register here. */
@Module({})
export class ConsentModule {}
