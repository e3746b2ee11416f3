import { uuidV5 } from './uuid-v5';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('matches the published test vector', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is deterministic and distinguishes names', () => {
    expect(uuidV5('event-1:screening.decide')).toBe(uuidV5('event-1:screening.decide'));
    expect(uuidV5('event-1:screening.decide')).not.toBe(uuidV5('event-1:consent.request'));
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace must be a UUID/);
  });
});
