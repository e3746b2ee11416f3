import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { InjectEventStore, type EventStore } from '@accord/event-store';
import { LOGGER, Roles } from '@accord/platform';
import { logVerification, verifyCase } from './case-verify';
import { VerifyLogQueryDto } from './verify-log.request.dto';
import { VerifyMetrics } from './verify.metrics';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'admin')
@Controller('api')
export class VerifyHttpController {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly verifications: VerifyMetrics,
  ) {}

  /** The hash chain of every stream of the case, and the seal over it. */
  @Get('cases/:caseId/verify')
  async verifyCase(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    return this.verifications.count('case', await verifyCase(this.store, caseId));
  }

  /**
   * The whole log in one consistent snapshot: every stream's chain, the global seal (removed or
   * re-inserted streams) and the signed seal checkpoints. `format=ndjson` streams the progress of a
   * long walk, then the result.
   */
  @Get('audit/verify')
  async verifyAll(@Query() query: VerifyLogQueryDto, @Res() response: Response): Promise<void> {
    if (query.format !== 'ndjson') {
      response.json(logVerification(this.verifications.count('log', await this.store.verifyAll())));
      return;
    }
    response.status(200).type('application/x-ndjson');
    response.setHeader('Cache-Control', 'no-store');
    response.flushHeaders();
    const line = (value: object) => response.write(`${JSON.stringify(value)}\n`);
    try {
      const result = await this.store.verifyAll({
        progressEvery: query.every ?? 10_000,
        onProgress: (progress) => line({ kind: 'progress', ...progress }),
      });
      line({ kind: 'result', ...logVerification(this.verifications.count('log', result)) });
    } catch (error) {
      // The status is already sent: the failure is the stream's last line.
      this.logger.error({ err: error }, 'whole-log verification failed');
      line({ kind: 'error', message: 'the verification could not finish; try again' });
    }
    response.end();
  }
}
