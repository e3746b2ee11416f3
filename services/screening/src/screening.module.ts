import { Module } from '@nestjs/common';

/** The screening service's own slices register here. */
@Module({})
export class ScreeningModule {}
