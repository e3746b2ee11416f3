import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { InjectEventAudit, type EventAudit } from '@accord/event-store';
import { ApiProblems, LOGGER, Roles } from '@accord/platform';
import { caseNotFound } from '../case/case-access';
import { logVerification, verifyCase } from './case-verify';
import { VerifyLogQueryDto } from './verify-log.request.dto';
import { VerifyMetrics } from './verify.metrics';

@ApiTags('audit')
@Roles('auditor', 'admin')
@Controller('api')
export class VerifyHttpController {
  constructor(
    @InjectEventAudit() private readonly audit: EventAudit,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly verifications: VerifyMetrics,
  ) {}

  /** The hash chain of every stream of the case, and the seal over it. */
  @ApiOperation({
    summary: "Verify a case's integrity",
    description: 'Recomputes the hash chains of every stream of the case and reports each break.',
  })
  @ApiProblems(404)
  @Get('cases/:caseId/verify')
  async verifyCase(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    const verification = await verifyCase(this.audit, caseId);
    // No event and no trace of one (a stream deleted whole shows as missing, so is not intact):
    // there is no such case, rather than one that verifies.
    if (verification.intact && verification.streams.every((stream) => stream.checked === 0))
      throw caseNotFound(caseId);
    return this.verifications.count('case', verification);
  }

  /**
   * The whole log in one consistent snapshot: every stream's chain, the global seal (removed or
   * re-inserted streams) and the signed seal checkpoints. `format=ndjson` streams the progress of a
   * long walk, then the result.
   */
  @ApiOperation({
    summary: 'Verify the whole log',
    description:
      'Recomputes the global seal and its signed checkpoints over the whole log; streams progress as NDJSON.',
  })
  @Get('audit/verify')
  async verifyAll(@Query() query: VerifyLogQueryDto, @Res() response: Response): Promise<void> {
    if (query.format !== 'ndjson') {
      response.json(logVerification(this.verifications.count('log', await this.audit.verifyAll())));
      return;
    }
    response.status(200).type('application/x-ndjson');
    response.setHeader('Cache-Control', 'no-store');
    response.flushHeaders();
    const line = (value: object) => response.write(`${JSON.stringify(value)}\n`);
    try {
      const result = await this.audit.verifyAll({
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
