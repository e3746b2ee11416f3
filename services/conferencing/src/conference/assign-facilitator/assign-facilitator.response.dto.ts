import { Type } from 'class-transformer';
import { IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { FacilitatorAssignedV1 } from '@accord/contracts';

export class AssignFacilitatorResponse {
  @IsUUID() readonly caseId!: string;
  @JSONSchema({
    description: 'The assignment (the published `FacilitatorAssigned`); absent when nothing changed.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => FacilitatorAssignedV1)
  readonly assigned?: FacilitatorAssignedV1;
}
