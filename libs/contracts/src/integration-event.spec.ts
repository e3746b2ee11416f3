import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import {
  checkContract,
  cloudEventType,
  defineIntegrationEvent,
  defineIntegrationEvents,
  integrationEvent,
  withoutVersion,
} from './integration-event';

class Item {
  @IsString() name!: string;
  @IsInt() @Min(1) quantity!: number;
}

class SomethingHappened {
  @IsUUID() caseId!: string;
  @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
}

describe('integration events', () => {
  it('names CloudEvents types from event names and versions', () => {
    expect(cloudEventType('ReferralReceived', 1)).toBe('accord.referral.received.v1');
    expect(cloudEventType('ConsentsComplete', 2)).toBe('accord.consents.complete.v2');
    expect(cloudEventType('CaseNeedsReview', 1)).toBe('accord.case.needs.review.v1');
    expect(withoutVersion('accord.case.needs.review.v12')).toBe('accord.case.needs.review');
  });

  const definition = defineIntegrationEvent({
    name: 'TestSomethingHappened',
    version: 1,
    source: 'intake',
    schema: SomethingHappened,
    description: 'for this test',
  });

  it('registers a definition under its CloudEvents type, once', () => {
    expect(integrationEvent('accord.test.something.happened.v1')).toBe(definition);
    expect(() =>
      defineIntegrationEvent({
        name: 'TestSomethingHappened',
        version: 1,
        source: 'intake',
        schema: SomethingHappened,
        description: '',
      }),
    ).toThrow(/twice/);
  });

  it("defines a source's events from a table: the key is the name, version 1 unless given", () => {
    const { TestTabledOnce, TestTabledAgain } = defineIntegrationEvents('screening', {
      TestTabledOnce: { schema: SomethingHappened, description: 'first' },
      TestTabledAgain: { schema: SomethingHappened, description: 'second', version: 2 },
    });
    expect(TestTabledOnce).toMatchObject({ name: 'TestTabledOnce', version: 1, source: 'screening' });
    expect(integrationEvent('accord.test.tabled.again.v2')).toBe(TestTabledAgain);
  });

  it('accepts a payload that keeps the contract', () => {
    const check = checkContract(definition, {
      caseId: '7f3c2a8e-1d4b-4c6f-9a0e-2b5d8c7e6f10',
      items: [{ name: 'apology', quantity: 1 }],
    });
    expect(check.valid).toBe(true);
  });

  it('reports every violation with its field path', () => {
    const check = checkContract(definition, {
      caseId: 'nope',
      items: [{ name: 3, quantity: 0 }],
      extra: true,
    });
    expect(check.valid).toBe(false);
    if (check.valid) return;
    expect(check.violations.map((v) => v.field).sort()).toEqual([
      'caseId',
      'extra',
      'items[0].name',
      'items[0].quantity',
    ]);
  });

  it('refuses a payload that is not an object', () => {
    expect(checkContract(definition, [1, 2]).valid).toBe(false);
    expect(checkContract(definition, null).valid).toBe(false);
  });
});
