import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvalidRequest, Roles } from '@accord/platform';
import { AGENCY_ID } from '../referral/referral-fields.validation';
import { AgencyDirectory, type AgencyView } from './agency-directory';
import { PutAgencyRequest } from './agency.request.dto';

function agencyId(id: string): string {
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
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/agencies')
export class AgencyAdminHttpController {
  constructor(private readonly directory: AgencyDirectory) {}

  @Get()
  list(): Promise<AgencyView[]> {
    return this.directory.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<AgencyView> {
    return this.directory.get(agencyId(id));
  }

  @Put(':id')
  put(@Param('id') id: string, @Body() body: PutAgencyRequest): Promise<AgencyView> {
    return this.directory.put(agencyId(id), body);
  }
}
