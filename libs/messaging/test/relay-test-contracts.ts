import { IsEmail, IsInt, IsUUID } from 'class-validator';
import { defineIntegrationEvent, integrationEventFor } from '@accord/contracts';

export class TestStepRecordedV1 {
  @IsUUID() caseId!: string;
  @IsInt() step!: number;
}

// Loaded by both the test and the relay process; defined once per process.
if (!integrationEventFor('TestStepRecorded', 1)) {
  defineIntegrationEvent({
    name: 'TestStepRecorded',
    version: 1,
    source: 'intake',
    schema: TestStepRecordedV1,
    description: 'relay tests only',
  });
}

export class TestContactSharedV1 {
  @IsUUID() caseId!: string;
  @IsUUID() personId!: string;
  @IsEmail() email!: string;
}

if (!integrationEventFor('TestContactShared', 1)) {
  defineIntegrationEvent({
    name: 'TestContactShared',
    version: 1,
    source: 'intake',
    schema: TestContactSharedV1,
    description: 'relay tests only: an event with a personal field',
    personalData: [{ personIdPath: 'personId', fields: ['email'] }],
  });
}
