import { ValidationError } from 'class-validator';
import { fieldProblems } from './errors';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('fieldProblems', () => {
  it('flattens nested and array errors into field paths', () => {
    const errors = [
      error('referrer', { isNotEmpty: 'referrer should not be empty' }),
      error('people', undefined, [
        error('0', undefined, [error('dateOfBirth', { isIsoDate: 'must be an ISO date' })]),
      ]),
    ];
    expect(fieldProblems(errors)).toEqual([
      { field: 'referrer', problems: ['referrer should not be empty'] },
      { field: 'people[0].dateOfBirth', problems: ['must be an ISO date'] },
    ]);
  });
});
