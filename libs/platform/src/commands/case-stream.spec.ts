import { parseStreamName } from '@accord/event-store';
import { caseStream } from './case-stream';

describe('caseStream', () => {
  it('names a service’s per-case stream from the manifest’s aggregate, and its prefix', () => {
    const stream = caseStream('follow-up');
    const id = stream.of('7f3c2a10-0000-4000-8000-000000000001');
    expect(id).toBe('follow-up.FollowUp-7f3c2a10-0000-4000-8000-000000000001');
    expect(id.startsWith(stream.prefix)).toBe(true);
    expect(parseStreamName(id)).toEqual({
      service: 'follow-up',
      aggregate: 'FollowUp',
      caseId: '7f3c2a10-0000-4000-8000-000000000001',
    });
  });
});
