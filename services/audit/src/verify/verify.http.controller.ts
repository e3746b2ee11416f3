import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { InjectEventAudit, type EventAudit } from '@accord/event-store';
import { ApiProblems, LOGGER, Roles } from '@accord/platform';
import { caseNotFound } from '../case/case-access';
import { logVerification, verifyCase } from './case-verify';
import { VerifyLogQueryDto } from './verify-log.request.dto';
import { VerifyMetrics } from './verify.metrics';
import {
  CaseVerificationResponse,
  LogVerificationResponse,
  VerifyErrorLineResponse,
  VerifyProgressLineResponse,
  VerifyResultLineResponse,
} from './verify.response.dto';

type VerifyLine = VerifyProgressLineResponse | VerifyResultLineResponse | VerifyErrorLineResponse;

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
  @ApiOkResponse({
    type: CaseVerificationResponse,
    description: 'Whether every stream holds, and the first break.',
  })
  @Get('cases/:caseId/verify')
  async verifyCase(@Param('caseId', new ParseUUIDPipe()) caseId: string): Promise<CaseVerificationResponse> {
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
      'Recomputes every hash chain, the global seal and its signed checkpoints over the whole log, going on past a break: reports every break (count, the first ones, per stream and per kind). Streams progress as NDJSON.',
  })
  @ApiOkResponse({
    description: 'The verdict; with `format=ndjson`, progress lines and then the verdict as the last line.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(LogVerificationResponse) } },
      'application/x-ndjson': {
        schema: {
          description: 'One JSON document per line (this schema describes each line).',
          anyOf: [VerifyProgressLineResponse, VerifyResultLineResponse, VerifyErrorLineResponse].map(
            (type) => ({
              $ref: getSchemaPath(type),
            }),
          ),
        },
      },
    },
  })
  @Get('audit/verify')
  async verifyAll(@Query() query: VerifyLogQueryDto, @Res() response: Response): Promise<void> {
    if (query.format !== 'ndjson') {
      const verdict: LogVerificationResponse = logVerification(
        this.verifications.count('log', await this.audit.verifyAll({ listBreaks: query.breaks })),
      );
      response.json(verdict);
      return;
    }
    response.status(200).type('application/x-ndjson');
    response.setHeader('Cache-Control', 'no-store');
    response.flushHeaders();
    const line = (value: VerifyLine) => response.write(`${JSON.stringify(value)}\n`);
    try {
      const result = await this.audit.verifyAll({
        progressEvery: query.every ?? 10_000,
        listBreaks: query.breaks,
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
