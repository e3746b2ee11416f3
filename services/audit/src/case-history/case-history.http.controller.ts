import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { assertNever } from '@accord/contracts';
import { ApiProblems, currentCorrelationId, CurrentPrincipal, type Principal } from '@accord/platform';
import { instantParam } from '../case/instant';
import { CaseHistoryQuery } from './case-history.query';
import { CaseHistoryQueryDto } from './case-history.request.dto';
import {
  AccessEntryResponse,
  ErasureRecordResponse,
  HistoryEntryResponse,
  HistoryResponse,
  HistorySummaryLineResponse,
} from './case-history.response.dto';
import { toCsv, toNdjson } from './history-formats';

@ApiTags('audit')
@Controller('api/cases')
export class CaseHistoryHttpController {
  constructor(private readonly query: CaseHistoryQuery) {}

  /**
   * Every event of the case from every service, in global order, with its audit trail and
   * causation links. Auditors and admins see personal data (and the read is logged); the receiving
   * service's staff see the trail without it; anyone else gets 404.
   */
  @ApiOperation({
    summary: "A case's history",
    description:
      'Every event of the case across all services, in order, with who decided what, on whose behalf and under which rule version. JSON pages, CSV or NDJSON.',
  })
  @ApiProblems(404)
  @ApiOkResponse({
    description: 'A page of the history: JSON, CSV (`format=csv`) or NDJSON (`format=ndjson`).',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(HistoryResponse) } },
      'application/x-ndjson': {
        schema: {
          description:
            'One JSON document per line (this schema describes each line): the summary, then the lines.',
          anyOf: [
            HistorySummaryLineResponse,
            HistoryEntryResponse,
            ErasureRecordResponse,
            AccessEntryResponse,
          ].map((type) => ({ $ref: getSchemaPath(type) })),
        },
      },
      'text/csv': {
        schema: { type: 'string', description: 'A header row, then one row per line of the history.' },
      },
    },
  })
  @Get(':caseId/history')
  async history(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Query() query: CaseHistoryQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HistoryResponse | string> {
    const result = await this.query.history({
      caseId,
      principal,
      filter: {
        ...(query.service ? { services: query.service } : {}),
        ...(query.type ? { types: query.type } : {}),
        ...(query.actor !== undefined ? { actor: query.actor } : {}),
        ...(query.from ? { from: instantParam(query.from, 'from') } : {}),
        ...(query.to ? { to: instantParam(query.to, 'to') } : {}),
      },
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 100,
      correlationId: currentCorrelationId() ?? null,
    });
    const { entries, erasures, accessLog, ...summary } = result;
    const lines = [...entries, ...erasures, ...accessLog];
    const format = query.format ?? 'json';
    switch (format) {
      case 'csv':
        response.type('text/csv; charset=utf-8');
        response.setHeader('Content-Disposition', `attachment; filename="case-${caseId}-history.csv"`);
        return toCsv(lines);
      case 'ndjson':
        response.type('application/x-ndjson');
        return toNdjson(summary, lines);
      case 'json':
        return result;
      default:
        return assertNever(format, 'history format');
    }
  }
}
