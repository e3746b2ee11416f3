/// <reference types="jest" />
import { checkContract, DomainError, type RegisteredIntegrationEvent } from '@accord/contracts';

/**
 * Fixed ids for decider specs whose expected events name the case and its people: the same on
 * every run, so a failure reads the same each time.
 */
export const SPEC_IDS = {
  caseId: '0b0e1a5e-6c4e-4a55-9b1e-1f0c2d3e4f50',
  harmed: '11111111-1111-4111-8111-111111111111',
  responsible: '22222222-2222-4222-8222-222222222222',
  supporter: '77777777-7777-4777-8777-777777777777',
} as const;

/** For `thenThrows`: the decider refused with a DomainError of this code (and, when given, of this kind). */
export const isDomainError =
  (code: string, kind?: DomainError['kind']) =>
  (error: unknown): boolean =>
    error instanceof DomainError && error.code === code && (kind === undefined || error.kind === kind);

/** Asserts that a published event's data, as it goes on the wire (JSON), keeps its contract: consumers refuse anything else. */
export function assertContract(contract: RegisteredIntegrationEvent, data: unknown): void {
  const check = checkContract(contract, JSON.parse(JSON.stringify(data)));
  expect({ contract: contract.type, check }).toMatchObject({ check: { valid: true } });
}
