import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Repository } from 'typeorm';
import { CurrentPrincipal, InvalidRequest, Roles, type Principal } from '@accord/platform';
import { CaseOutcomeEntity } from './case-outcome.entity';
import { summarise, toCsv } from './outcomes-report';
import { OutcomesReportQuery } from './outcomes-report.request.dto';
import { OutcomesReportResponse } from './outcomes-report.response.dto';

/**
 * Outcomes per referring agency and period: what services report (stage and outcome counts, time
 * in stage, action completion, satisfaction and feeling of safety). Auditors see every case;
 * case-workers and admins the cases their own service received.
 */
@ApiTags('reports')
@Controller('api/reports/outcomes')
export class OutcomesReportHttpController {
  constructor(@InjectRepository(CaseOutcomeEntity) private readonly cases: Repository<CaseOutcomeEntity>) {}

  @ApiOperation({
    summary: 'Outcomes report',
    description:
      'Per referring agency and period: stage and outcome counts, time in stage, action completion, satisfaction and feeling of safety. JSON, or CSV with `format=csv`.',
  })
  @ApiOkResponse({
    description: 'The report: JSON, or with `format=csv` one CSV row per referring agency.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(OutcomesReportResponse) } },
      'text/csv': {
        schema: { type: 'string', description: 'A header row, then one row per referring agency.' },
      },
    },
  })
  @Get()
  @Roles('case-worker', 'admin', 'auditor')
  async report(
    @Query() query: OutcomesReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OutcomesReportResponse | string> {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw new InvalidRequest([{ parameter: 'to', detail: 'to must be after from' }]);
    }
    const select = this.cases.createQueryBuilder('c');
    if (!principal.roles.includes('auditor'))
      select.andWhere('c.receiving_service = :service', { service: principal.agency });
    if (query.agency) select.andWhere('c.referring_agency = :agency', { agency: query.agency });
    if (query.from) select.andWhere('c.opened_at >= :from', { from: new Date(query.from) });
    if (query.to) select.andWhere('c.opened_at < :to', { to: new Date(query.to) });
    const agencies = summarise(await select.getMany());
    if (query.format === 'csv') {
      response.setHeader('content-type', 'text/csv; charset=utf-8');
      response.setHeader('content-disposition', 'attachment; filename="outcomes.csv"');
      return toCsv(agencies);
    }
    return {
      period: { from: query.from ?? null, to: query.to ?? null },
      generatedAt: new Date().toISOString(),
      agencies,
    };
  }
}
