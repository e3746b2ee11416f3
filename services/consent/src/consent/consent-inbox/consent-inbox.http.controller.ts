import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CurrentPrincipal, ReadsPersonalData, Roles, type Principal } from '@accord/platform';
import { CaseConsentEntity } from '../case-consent/case-consent.entity';
import { ConsentInboxResponse } from './consent-inbox.response.dto';

const INBOX_LIMIT = 200;

@ApiTags('consent')
@Controller('api/consent/inbox')
export class ConsentInboxHttpController {
  constructor(@InjectRepository(CaseConsentEntity) private readonly cases: Repository<CaseConsentEntity>) {}

  /** The consent officer's open cases, soonest due first: who is still to be asked, which reminders fired. */
  @ApiOperation({
    summary: "Consent officer's inbox",
    description: 'Open cases, soonest due first: who is still to be asked, and which reminders fired.',
  })
  @ApiOkResponse({ type: ConsentInboxResponse, description: 'Open cases, soonest due first (at most 200).' })
  @Get()
  @ReadsPersonalData({
    fromResponse: (body) => (body as ConsentInboxResponse).items.map((item) => item.caseId),
  })
  @Roles('consent-officer')
  async inbox(@CurrentPrincipal() principal: Principal): Promise<ConsentInboxResponse> {
    const rows = await this.cases.find({
      where: { receivingService: principal.agency, status: 'requested' },
      order: { dueAt: 'ASC' },
      take: INBOX_LIMIT,
    });
    return {
      items: rows.map((row) => ({
        caseId: row.caseId,
        dueAt: row.dueAt,
        reminderDue: row.remindedAt !== null,
        ...(row.remindedAt ? { remindedAt: row.remindedAt } : {}),
        outstanding: row.outstanding,
        guardiansNeeded: row.guardiansNeeded,
      })),
    };
  }
}
