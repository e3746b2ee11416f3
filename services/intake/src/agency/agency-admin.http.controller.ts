import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, InvalidRequest, Roles } from '@accord/platform';
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

/** Reference data: which agencies exist and which RJ services each referrer may refer to. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/agencies')
export class AgencyAdminHttpController {
  constructor(private readonly directory: AgencyDirectory) {}

  @ApiOperation({
    summary: 'List agencies',
    description: 'Every agency in the directory, with the RJ services each may refer to.',
  })
  @ApiOkResponse({ type: [AgencyResponse] })
  @Get()
  list(): Promise<AgencyView[]> {
    return this.directory.list();
  }

  @ApiOperation({ summary: 'Read an agency', description: 'One agency of the directory.' })
  @ApiProblems(404)
  @ApiOkResponse({ type: AgencyResponse })
  @Get(':id')
  get(@Param('id') id: string): Promise<AgencyView> {
    return this.directory.get(agencyId(id));
  }

  @ApiOperation({
    summary: 'Register or change an agency',
    description: 'Creates the agency or replaces its entry (kind, name, the RJ services it may refer to).',
  })
  @ApiProblems(422)
  @ApiOkResponse({ type: AgencyResponse, description: 'The agency as saved.' })
  @Put(':id')
  put(@Param('id') id: string, @Body() body: PutAgencyRequest): Promise<AgencyView> {
    return this.directory.put(agencyId(id), body);
  }
}
