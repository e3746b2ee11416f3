import { Module } from '@nestjs/common';

/** The conferencing service's own slices register here. */
@Module({})
export class ConferencingModule {}
