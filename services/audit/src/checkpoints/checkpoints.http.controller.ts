import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { notFound } from '@accord/contracts';
import { InjectEventStore, PostgresEventStore, type EventStore } from '@accord/event-store';
import { ApiProblems, PG_POOL, Roles } from '@accord/platform';
import { latestCheckpoint } from './checkpoint';
import { CheckpointResponse } from './checkpoint.response.dto';

@ApiTags('audit')
@Roles('auditor', 'admin')
@Controller('api/audit/checkpoints')
export class CheckpointsHttpController {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /**
   * The newest signed checkpoint of the global seal (Ed25519). Keep it outside the database; later,
   * `npm run audit -- verify --checkpoint file.json --public-key key.pem` proves it authentic with
   * the public key alone, and, given the database, that the log still passes through it.
   */
  @ApiOperation({
    summary: 'Latest signed checkpoint',
    description: 'The newest Ed25519-signed seal checkpoint, to keep outside Accord and check offline.',
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: CheckpointResponse, description: 'The newest checkpoint; save it as a file.' })
  @Get('latest')
  async latest(): Promise<CheckpointResponse> {
    const checkpoint =
      this.store instanceof PostgresEventStore ? await latestCheckpoint(this.pool, this.store.schema) : null;
    if (!checkpoint)
      throw notFound(
        'NO_CHECKPOINT_YET',
        'The sealer has not written a signed checkpoint yet; it writes one within seconds of sealing new events.',
      );
    return checkpoint;
  }
}
