import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { forbidden } from '@accord/contracts';
import {
  administers,
  ApiProblems,
  CurrentPrincipal,
  InvalidRequest,
  Roles,
  type Principal,
} from '@accord/platform';
import { AgencyResponse } from './agency.response.dto';
import { AGENCY_ID } from '../referral/referral-fields.validation';
import { AgencyDirectory, type AgencyView } from './agency-directory';
import { PutAgencyRequest } from './agency.request.dto';

/** The `:id` of an agency route, or 400. */
export function agencyId(id: string): string {
  if (!AGENCY_ID.test(id)) {
    throw new InvalidRequest([
      {
        parameter: 'id',
        detail: 'id must be an agency id: lower-case letters, digits and -, e.g. police-north',
      },
    ]);
  }
  return id;
}

/** Only the platform administrator, or this agency's own administrator, touches its entry. */
function administered(principal: Principal, id: string): string {
  if (!administers(principal, id))
    throw forbidden('NOT_YOUR_AGENCY', `An agency administrator manages only their own agency's entry.`, {
      id,
    });
  return id;
}

/**
 * Reference data: which agencies exist and which RJ services each referrer may refer to. The
 * platform administrator keeps all of it; an agency's own administrator (`agency-admin`) reads its
 * entry and changes its non-security fields (the name, the deadline settings), never its kind or routes, which decide who
 * may send whom a referral. (Per-agency settings such as webhooks follow the same rule: `administers`.)
 */
@ApiTags('admin')
@Controller('api/admin/agencies')
export class AgencyAdminHttpController {
  constructor(private readonly directory: AgencyDirectory) {}

  @ApiOperation({
    summary: 'List agencies',
    description: 'Every agency in the directory, with the RJ services each may refer to.',
  })
  @ApiOkResponse({ type: [AgencyResponse] })
  @Roles('admin')
  @Get()
  list(): Promise<AgencyView[]> {
    return this.directory.list();
  }

  @ApiOperation({
    summary: 'Read an agency',
    description: "One agency of the directory (an agency's administrator: its own).",
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: AgencyResponse })
  @Roles('admin', 'agency-admin')
  @Get(':id')
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AgencyView> {
    return this.directory.get(administered(principal, agencyId(id)));
  }

  @ApiOperation({
    summary: 'Register or change an agency',
    description:
      "Creates the agency or replaces its entry (kind, name, the RJ services it may refer to; for an RJ service its response time in working days, the contact address reminders go to and the managers escalations go to). An agency's administrator may change its own entry's name and deadline settings only: kind and routes must stay as they are (403 otherwise).",
  })
  @ApiProblems(404, 422)
  @ApiOkResponse({ type: AgencyResponse, description: 'The agency as saved.' })
  @Roles('admin', 'agency-admin')
  @Put(':id')
  async put(
    @Param('id') id: string,
    @Body() body: PutAgencyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgencyView> {
    administered(principal, agencyId(id));
    if (!principal.roles.includes('admin')) {
      const current = await this.directory.get(id);
      const routes = (list: readonly string[]) => [...new Set(list)].sort().join(',');
      if (current.kind !== body.kind || routes(current.mayReferTo) !== routes(body.mayReferTo))
        throw forbidden(
          'SECURITY_FIELD',
          "An agency's kind and the RJ services it may refer to are set by the platform administrator; send them unchanged.",
          { fields: ['kind', 'mayReferTo'] },
        );
    }
    return this.directory.put(id, body);
  }
}
