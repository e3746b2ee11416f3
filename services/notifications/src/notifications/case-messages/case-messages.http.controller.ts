import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { notFound } from '@accord/contracts';
import {
  ApiProblems,
  CurrentPrincipal,
  type Principal,
  ReadsPersonalData,
  UuidParam,
} from '@accord/platform';
import { CaseMessagesEntity } from './case-messages.entity';
import { CaseMessagesResponse } from './case-messages.response.dto';

@ApiTags('notifications')
@Controller('api/cases/:caseId/notifications')
export class CaseMessagesHttpController {
  constructor(@InjectRepository(CaseMessagesEntity) private readonly cases: Repository<CaseMessagesEntity>) {}

  @ApiOperation({
    summary: 'Read what a case told its participants',
    description:
      'Every message to a participant, by person id: template and version, language, channel, and whether it was sent, delivered, bounced or suppressed (and why). The receiving service and auditors only.',
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: CaseMessagesResponse })
  @Get()
  @ReadsPersonalData()
  async messages(
    @UuidParam() caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseMessagesResponse> {
    const row = await this.cases.findOneBy({ caseId });
    const visible = row && (principal.roles.includes('auditor') || principal.agency === row.receivingService);
    if (!row || !visible)
      throw notFound(
        'NOTIFICATIONS_NOT_FOUND',
        `No messages for case ${caseId} are visible to your agency (yet).`,
        { caseId },
      );
    return { caseId, messages: row.messages, pending: row.pending };
  }
}
