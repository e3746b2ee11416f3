import { Module } from '@nestjs/common';

/** The follow-up service's own slices register here. */
@Module({})
export class FollowUpModule {}
