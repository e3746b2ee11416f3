import { Body, Controller, ForbiddenException, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems, currentCorrelationId, CurrentPrincipal, type Principal, Roles } from '@accord/platform';
import { ErasureRecords } from './erasure-records';
import { ErasePersonRequest } from './erase-person.request.dto';
import { ErasureResponse } from './erase-person.response.dto';

@ApiTags('admin')
@Controller('api/people')
export class ErasePersonHttpController {
  constructor(private readonly erasures: ErasureRecords) {}

  /**
   * Crypto-shreds the person: their key is deleted, so their fields in every service's events read
   * `[erased]` from now on, while hashes, seal and the rest of the history still verify. Recorded
   * in `audit.erasures` (who, when, why). 201 the first time, 200 with the first record after.
   */
  @ApiOperation({
    summary: 'Erase a person',
    description:
      "Crypto-shredding: deletes the person's key, so their fields read `[erased]` everywhere while the hashes still verify.",
  })
  @ApiProblems(404)
  @ApiCreatedResponse({ type: ErasureResponse, description: 'Erased now.' })
  @ApiOkResponse({ type: ErasureResponse, description: 'Erased before: the first erasure record.' })
  @Post(':personId/erasure')
  @Roles('admin')
  async erase(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Body() body: ErasePersonRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ErasureResponse> {
    // Auditors read everything and change nothing, whatever other roles their token carries.
    if (principal.roles.includes('auditor'))
      throw new ForbiddenException('auditors have read-only access: erasure changes what a case reads');
    const { record, created } = await this.erasures.erase({
      // Person ids are UUIDs, written lower-case by every service; the key is found by exact text.
      personId: personId.toLowerCase(),
      erasedBy: principal.sub,
      agency: principal.agency,
      reason: body.reason,
      correlationId: currentCorrelationId() ?? null,
    });
    response.status(created ? 201 : 200);
    return { ...record, alreadyErased: !created };
  }
}
