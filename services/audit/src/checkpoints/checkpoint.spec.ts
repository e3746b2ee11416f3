import { generateKeyPairSync } from 'node:crypto';
import { MasterKey, SealPublicKey, SealSigningKey } from '@accord/event-store';
import {
  checkpointMessage,
  checkpointVerdict,
  checkSignature,
  CHECKPOINT_FORMAT,
  LEGACY_CHECKPOINT_FORMAT,
  parseCheckpoint,
  type CheckpointCheck,
  type ExportedCheckpoint,
} from './checkpoint';

const newKey = () => new SealSigningKey(generateKeyPairSync('ed25519').privateKey);
const key = newKey();
const trusted = new SealPublicKey(key.publicKey.pem);
const stranger = newKey();
const masterKey = new MasterKey('ab'.repeat(32));
const position = '00000000000000000100-00000000000000000042';
const hash = 'f'.repeat(64);

function signed(by: SealSigningKey = key): ExportedCheckpoint {
  const message = checkpointMessage('42', hash, position);
  return {
    format: CHECKPOINT_FORMAT,
    sealSeq: '42',
    sealHash: hash,
    globalPosition: position,
    createdAt: '2026-03-01T10:00:00.000Z',
    algorithm: 'Ed25519',
    keyId: by.keyId,
    publicKey: by.publicKey.pem,
    signedMessage: message,
    signature: by.sign(message).toString('base64'),
  };
}

/** As exported before checkpoints were Ed25519. */
function hmacSigned(by: MasterKey = masterKey): ExportedCheckpoint {
  const message = checkpointMessage('42', hash, position);
  return {
    ...signed(),
    format: LEGACY_CHECKPOINT_FORMAT,
    algorithm: 'HMAC-SHA256',
    keyId: by.keyId,
    publicKey: null,
    signature: by.sign(message).toString('base64'),
  };
}

describe('exported seal checkpoints (Ed25519)', () => {
  it('verify under the public key the auditor kept, with nothing else', () => {
    expect(checkSignature(signed(), { publicKey: trusted })).toEqual({
      valid: true,
      problem: null,
      detail: `Ed25519 signature by seal key ${key.keyId}, the public key you trust`,
    });
  });

  it('fail when a signed field was changed afterwards', () => {
    for (const change of [
      { sealHash: 'e'.repeat(64) },
      { sealSeq: '43' },
      { globalPosition: '00000000000000000100-00000000000000000043' },
    ]) {
      expect(checkSignature({ ...signed(), ...change }, { publicKey: trusted })).toMatchObject({
        valid: false,
        problem: 'signature-invalid',
      });
    }
    const flipped = Buffer.from(signed().signature ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(
      checkSignature({ ...signed(), signature: flipped.toString('base64') }, { publicKey: trusted }).problem,
    ).toBe('signature-invalid');
  });

  it('fail when another key signed, even with that key embedded or its id relabelled', () => {
    expect(checkSignature(signed(stranger), { publicKey: trusted })).toMatchObject({
      valid: false,
      problem: 'other-key',
    });
    expect(checkSignature({ ...signed(stranger), keyId: key.keyId }, { publicKey: trusted }).problem).toBe(
      'signature-invalid',
    );
  });

  it('without a trusted key, never pass on the strength of the key inside the file', () => {
    const check = checkSignature(signed(), {});
    expect(check).toMatchObject({ valid: false, problem: 'key-not-trusted' });
    expect(check.detail).toMatch(/authenticity NOT established/);
    expect(checkSignature(signed(stranger), {}).problem).toBe('key-not-trusted');
    expect(checkSignature({ ...signed(), publicKey: null }, {}).problem).toBe('key-not-trusted');
    // …but a file that does not even hold together under its own key is plainly altered.
    expect(checkSignature({ ...signed(), sealSeq: '43' }, {}).problem).toBe('signature-invalid');
    expect(checkSignature({ ...signed(), publicKey: stranger.publicKey.pem }, {}).problem).toBe(
      'signature-invalid',
    );
  });

  it('report an unsigned checkpoint as unsigned', () => {
    expect(
      checkSignature(
        { ...signed(), algorithm: null, keyId: null, publicKey: null, signature: null },
        {
          publicKey: trusted,
        },
      ),
    ).toMatchObject({ valid: false, problem: 'unsigned' });
  });
});

describe('exported seal checkpoints (HMAC-SHA256, written before Ed25519)', () => {
  it('cannot be checked offline; the master key still checks them', () => {
    expect(checkSignature(hmacSigned(), { publicKey: trusted })).toMatchObject({
      valid: false,
      problem: 'not-verifiable-offline',
    });
    expect(checkSignature(hmacSigned(), { masterKey })).toMatchObject({ valid: true, problem: null });
    expect(checkSignature({ ...hmacSigned(), sealSeq: '43' }, { masterKey }).problem).toBe(
      'signature-invalid',
    );
    expect(checkSignature(hmacSigned(new MasterKey('cd'.repeat(32))), { masterKey }).problem).toBe(
      'other-key',
    );
  });
});

describe('parseCheckpoint', () => {
  it('reads back what was exported', () => {
    expect(parseCheckpoint(JSON.parse(JSON.stringify(signed())))).toEqual(signed());
  });

  it('reads files exported before Ed25519 as HMAC-SHA256 with no public key', () => {
    const { publicKey: _none, ...legacy } = hmacSigned();
    expect(parseCheckpoint(JSON.parse(JSON.stringify(legacy)))).toEqual(hmacSigned());
    expect(parseCheckpoint({ ...legacy, algorithm: 'Ed25519' })).toBeNull();
  });

  it('refuses what is not one', () => {
    expect(parseCheckpoint({ ...signed(), format: 'other' })).toBeNull();
    expect(parseCheckpoint({ ...signed(), sealSeq: '-1' })).toBeNull();
    expect(parseCheckpoint({ ...signed(), algorithm: 'RSA' })).toBeNull();
    expect(parseCheckpoint({ ...signed(), publicKey: 42 })).toBeNull();
    expect(parseCheckpoint('nope')).toBeNull();
  });
});

describe('checkpointVerdict', () => {
  const ok = (detail: string): CheckpointCheck => ({ valid: true, problem: null, detail });
  const signature = checkSignature(signed(), { publicKey: trusted });

  it('0 when the signature holds under the trusted key (and the log passes through it, when checked)', () => {
    expect(checkpointVerdict(signed(), signature, null)).toEqual({
      exitCode: 0,
      line: `VALID: seal checkpoint 42: ${signature.detail}; the log itself was not checked (no DATABASE_URL)`,
    });
    expect(checkpointVerdict(signed(), signature, ok('the seal still passes through link 42'))).toEqual({
      exitCode: 0,
      line: `VALID: seal checkpoint 42: ${signature.detail}, and the seal still passes through link 42`,
    });
  });

  it('1 on evidence of tampering, 3 when authenticity is merely not established', () => {
    const tampered = checkSignature({ ...signed(), sealSeq: '43' }, { publicKey: trusted });
    expect(checkpointVerdict(signed(), tampered, null)).toMatchObject({
      exitCode: 1,
      line: expect.stringMatching(/^INVALID: /),
    });
    const rewritten: CheckpointCheck = { valid: false, problem: 'differs-from-log', detail: 'rewritten' };
    expect(checkpointVerdict(signed(), signature, rewritten)).toEqual({
      exitCode: 1,
      line: 'INVALID: seal checkpoint 42: rewritten',
    });
    expect(checkpointVerdict(signed(), checkSignature(signed(), {}), null)).toMatchObject({
      exitCode: 3,
      line: expect.stringMatching(/^NOT ESTABLISHED: seal checkpoint 42: authenticity NOT established/),
    });
    // A rewritten log outweighs a signature that is merely unestablished.
    expect(checkpointVerdict(signed(), checkSignature(signed(), {}), rewritten).exitCode).toBe(1);
  });
});
