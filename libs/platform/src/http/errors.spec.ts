import { ValidationError } from 'class-validator';
import { createValidationPipe, fieldErrors } from './errors';
import { problem } from './problem';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('fieldErrors', () => {
  const errors = [
    error('referrer', { isNotEmpty: 'referrer should not be empty', isString: 'referrer must be a string' }),
    error('people', undefined, [
      error('0', undefined, [error('dateOfBirth', { isIsoDate: 'must be an ISO date' })]),
    ]),
    error('a/b~c', { isString: 'odd name' }),
  ];

  it('points into the body with a JSON pointer per broken rule', () => {
    expect(fieldErrors(errors)).toEqual([
      { pointer: '/referrer', detail: 'referrer should not be empty' },
      { pointer: '/referrer', detail: 'referrer must be a string' },
      { pointer: '/people/0/dateOfBirth', detail: 'must be an ISO date' },
      { pointer: '/a~1b~0c', detail: 'odd name' },
    ]);
  });

  it('names query and path parameters', () => {
    expect(fieldErrors(errors.slice(0, 1), 'query')).toEqual([
      { parameter: 'referrer', detail: 'referrer should not be empty' },
      { parameter: 'referrer', detail: 'referrer must be a string' },
    ]);
  });
});

describe('problem', () => {
  it('is an RFC 9457 problem: about:blank and the status phrase without a code, a URN with one', () => {
    expect(problem({ status: 404, detail: 'No case', instance: '/api/x', correlationId: 'c1' })).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No case',
      instance: '/api/x',
      correlationId: 'c1',
    });
    expect(
      problem({
        status: 409,
        detail: 'd',
        instance: '/i',
        correlationId: 'c',
        code: 'CASE_HALTED',
        details: {},
      }),
    ).toEqual({
      type: 'urn:accord:problem:case-halted',
      title: 'Conflict',
      status: 409,
      detail: 'd',
      instance: '/i',
      correlationId: 'c',
      code: 'CASE_HALTED',
    });
  });
});

describe('the validation pipe', () => {
  it('passes a parameter typed by a type-only import through (tsc records it as Function)', async () => {
    const payload = { caseId: '7f3c0000-0000-4000-8000-000000000000', acceptedBy: 'screener-1' };
    await expect(
      createValidationPipe().transform(payload, { type: 'body', metatype: Function }),
    ).resolves.toBe(payload);
  });
});
