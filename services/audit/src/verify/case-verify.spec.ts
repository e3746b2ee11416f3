import type { LogVerifyResult, VerifyFailure } from '@accord/event-store';
import { logVerification } from './case-verify';

const failure = (streamId: string | null, streamVersion: number | null): VerifyFailure => ({
  intact: false,
  checked: 3,
  reason: 'hash-mismatch',
  streamId,
  streamVersion,
  globalPosition: null,
  eventId: streamId && '00000000-0000-4000-8000-000000000001',
  expected: 'aa',
  found: 'bb',
  detail: 'altered',
});

describe('logVerification (the whole-log verdict audit answers)', () => {
  it('says intact with the count walked and sealed', () => {
    expect(logVerification({ intact: true, checked: 9, sealed: 9 })).toEqual({
      intact: true,
      checked: 9,
      sealed: 9,
    });
  });

  it('names the first break and carries every break: count, the first ones, per stream and kind', () => {
    const result: LogVerifyResult = {
      ...failure('a', 1),
      checked: 40,
      breaks: {
        count: 7,
        first: [failure('a', 1), failure(null, null)],
        byStream: [
          { streamId: 'a', count: 6 },
          { streamId: null, count: 1 },
        ],
        byReason: [{ reason: 'hash-mismatch', count: 7 }],
      },
    };
    expect(logVerification(result)).toEqual({
      intact: false,
      checked: 40,
      broken: expect.objectContaining({
        stream: 'a',
        version: 1,
        event: '00000000-0000-4000-8000-000000000001',
      }),
      breaks: {
        count: 7,
        first: [
          expect.objectContaining({ stream: 'a', reason: 'hash-mismatch' }),
          expect.objectContaining({ stream: null, event: null }),
        ],
        byStream: [
          { stream: 'a', count: 6 },
          { stream: null, count: 1 },
        ],
        byReason: [{ reason: 'hash-mismatch', count: 7 }],
      },
    });
  });
});
