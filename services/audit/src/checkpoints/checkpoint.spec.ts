import { MasterKey } from '@accord/event-store';
import {
  checkpointMessage,
  checkSignature,
  CHECKPOINT_FORMAT,
  parseCheckpoint,
  type ExportedCheckpoint,
} from './checkpoint';

const key = new MasterKey('ab'.repeat(32));
const position = '00000000000000000100-00000000000000000042';
const hash = 'f'.repeat(64);

function signed(by: MasterKey = key): ExportedCheckpoint {
  const message = checkpointMessage('42', hash, position);
  return {
    format: CHECKPOINT_FORMAT,
    sealSeq: '42',
    sealHash: hash,
    globalPosition: position,
    createdAt: '2026-03-01T10:00:00.000Z',
    algorithm: 'HMAC-SHA256',
    keyId: by.keyId,
    signedMessage: message,
    signature: by.sign(message).toString('base64'),
  };
}

describe('exported seal checkpoints', () => {
  it('verify under the master key that signed them', () => {
    expect(checkSignature(signed(), key)).toMatchObject({ valid: true, problem: null });
  });

  it('fail when a field was changed after signing, or another key signed', () => {
    expect(checkSignature({ ...signed(), sealHash: 'e'.repeat(64) }, key)).toMatchObject({
      valid: false,
      problem: 'signature-invalid',
    });
    expect(checkSignature({ ...signed(), sealSeq: '43' }, key).problem).toBe('signature-invalid');
    expect(checkSignature(signed(new MasterKey('cd'.repeat(32))), key).problem).toBe('other-key');
    expect(checkSignature({ ...signed(), signature: null }, key).problem).toBe('unsigned');
  });

  it('parse only what looks like one', () => {
    expect(parseCheckpoint(JSON.parse(JSON.stringify(signed())))).toEqual(signed());
    expect(parseCheckpoint({ ...signed(), format: 'other' })).toBeNull();
    expect(parseCheckpoint({ ...signed(), sealSeq: '-1' })).toBeNull();
    expect(parseCheckpoint('nope')).toBeNull();
  });
});
