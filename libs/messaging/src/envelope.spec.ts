import { decodeCloudEvent, encodeCloudEvent, EnvelopeError, type CloudEvent } from './envelope';

const event: CloudEvent = {
  id: '0b8f5c1e-3a44-4d0c-9b7e-5f1a2c3d4e5f',
  type: 'accord.referral.received.v1',
  source: '/accord/intake',
  subject: '7f3c2a8e-1d4b-4c6f-9a0e-2b5d8c7e6f10',
  time: '2026-11-25T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  data: { offence: 'property' },
};

describe('CloudEvents binary mode', () => {
  it('puts attributes in ce_* headers, the case id in the key and JSON data in the value', () => {
    const record = encodeCloudEvent(event);
    expect(record.key).toBe(event.subject);
    expect(JSON.parse(record.value)).toEqual({ offence: 'property' });
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: event.type,
      ce_source: '/accord/intake',
      ce_time: event.time,
      ce_subject: event.subject,
      'content-type': 'application/json',
      correlationid: 'corr-1',
      causationid: 'cause-1',
      traceparent: event.traceparent,
    });
  });

  it('round-trips', () => {
    const record = encodeCloudEvent(event);
    expect(decodeCloudEvent(record.headers, Buffer.from(record.value))).toEqual(event);
  });

  it('names every problem of a malformed message', () => {
    let caught: unknown;
    try {
      decodeCloudEvent({ ce_specversion: '0.3', ce_type: 'x' }, Buffer.from('{oops'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvelopeError);
    const problems = (caught as EnvelopeError).problems.join('\n');
    for (const expected of [
      'ce_specversion',
      'ce_id is missing',
      'ce_source is missing',
      'ce_subject is missing',
      'ce_time is missing',
      'not JSON',
    ]) {
      expect(problems).toContain(expected);
    }
  });
});
