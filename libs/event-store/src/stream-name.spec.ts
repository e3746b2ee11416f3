import { InvalidStreamName } from './errors';
import { assertStreamId, caseIdOf, parseStreamName, streamName, streamPrefix } from './stream-name';

describe('stream names', () => {
  const caseId = '7f3c2a1e-9b8d-4c6f-a1e2-3b4c5d6e7f80';

  it('builds <service>.<Aggregate>-<caseId> and parses it back', () => {
    const name = streamName('screening', 'Screening', caseId);
    expect(name).toBe(`screening.Screening-${caseId}`);
    expect(parseStreamName(name)).toEqual({ service: 'screening', aggregate: 'Screening', caseId });
    expect(caseIdOf(name)).toBe(caseId);
  });

  it('takes the caseId after the first "-" that follows the service, so kebab-case services work', () => {
    expect(parseStreamName(`follow-up.FollowUp-${caseId}`)).toEqual({
      service: 'follow-up',
      aggregate: 'FollowUp',
      caseId,
    });
  });

  it('gives filter prefixes for a service and for one aggregate', () => {
    expect(streamPrefix('consent')).toBe('consent.');
    expect(streamPrefix('consent', 'Consent')).toBe('consent.Consent-');
    expect(`consent.Consent-${caseId}`.startsWith(streamPrefix('consent', 'Consent'))).toBe(true);
  });

  it('refuses malformed names, saying what is wrong', () => {
    expect(() => streamName('Screening', 'Screening', caseId)).toThrow(
      /service "Screening" must be lower-case kebab/,
    );
    expect(() => streamName('screening', 'screening-x', caseId)).toThrow(/aggregate/);
    expect(() => streamName('screening', 'Screening', 'a b')).toThrow(/caseId/);
    expect(() => parseStreamName('screening-Screening')).toThrow(InvalidStreamName);
    expect(() => parseStreamName('screening.Screening')).toThrow(/no "-"/);
    expect(() => assertStreamId('has space')).toThrow(InvalidStreamName);
    expect(() => assertStreamId('x'.repeat(201))).toThrow(/at most 200/);
    expect(() => assertStreamId('')).toThrow(/non-empty/);
  });
});
