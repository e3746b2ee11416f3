import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CurrentPrincipal, ReadsPersonalData, Roles, type Principal } from '@accord/platform';
import { CaseConsentEntity } from '../case-consent/case-consent.entity';
import type { OutstandingConsent } from '@accord/consent-domain';

export interface ConsentInboxItem {
  readonly caseId: string;
  readonly dueAt: string;
  /** The reminder fired (`ConsentReminderDue`): the due date is near and consent is still missing. */
  readonly reminderDue: boolean;
  readonly remindedAt?: string;
  readonly outstanding: readonly OutstandingConsent[];
  readonly guardiansNeeded: readonly string[];
}

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
  @Get()
  @ReadsPersonalData({
    fromResponse: (body) => (body as { items: ConsentInboxItem[] }).items.map((item) => item.caseId),
  })
  @Roles('consent-officer')
  async inbox(@CurrentPrincipal() principal: Principal): Promise<{ items: ConsentInboxItem[] }> {
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
