import { createHash, generateKeyPairSync } from 'node:crypto';
import { thrownBy } from '@accord/testing';
import { EventStoreConfigError } from '../errors';
import { checkpointMessage } from '../seal';
import { SealPublicKey, SealSigningKey } from './seal-signing-key';

const pair = generateKeyPairSync('ed25519');
const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const base64 = pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
const message = checkpointMessage(42n, 'f'.repeat(64), '00000000000000000100-00000000000000000042');

describe('seal signing keys', () => {
  it('read the same key from PKCS#8 PEM, PEM with \\n escapes, and one line of base64 DER', () => {
    const ids = [pem, pem.replaceAll('\n', '\\n'), base64, `  ${base64}\n`].map(
      (text) => new SealSigningKey(text).keyId,
    );
    expect(new Set(ids)).toEqual(new Set([createHash('sha256').update(spki).digest('hex').slice(0, 16)]));
  });

  it('sign so that the public key alone verifies, and nothing else does', () => {
    const key = new SealSigningKey(base64);
    const signature = key.sign(message);
    const verifier = new SealPublicKey(key.publicKey.pem);
    expect(verifier.keyId).toBe(key.keyId);
    expect(verifier.verify(message, signature)).toBe(true);
    expect(verifier.verify(message.replace('|42|', '|43|'), signature)).toBe(false);
    const other = new SealSigningKey(generateKeyPairSync('ed25519').privateKey);
    expect(other.publicKey.verify(message, signature)).toBe(false);
    expect(other.keyId).not.toBe(key.keyId);
  });

  it('read public keys as SPKI PEM, base64 DER or raw DER bytes', () => {
    const id = new SealSigningKey(pem).keyId;
    expect(new SealPublicKey(spki.toString('base64')).keyId).toBe(id);
    expect(new SealPublicKey(spki).keyId).toBe(id);
    expect(new SealPublicKey(new SealPublicKey(spki).pem).der).toEqual(spki);
  });

  it('refuse anything but an Ed25519 key of the right kind, saying what is wrong', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const refuse = (make: () => unknown) => thrownBy(make, EventStoreConfigError).message;
    expect(
      refuse(() => new SealSigningKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())),
    ).toMatch(/must be an Ed25519 key, got rsa key/);
    expect(refuse(() => new SealSigningKey(spki.toString('base64')))).toMatch(/not a PKCS#8 private key/);
    expect(refuse(() => new SealSigningKey('not a key at all'))).toMatch(/PEM block or the base64/);
    expect(refuse(() => new SealSigningKey(pair.publicKey))).toMatch(
      /must be a private key, got a public key/,
    );
    expect(refuse(() => new SealPublicKey(pem))).toMatch(/-----BEGIN PUBLIC KEY-----/);
    expect(refuse(() => new SealPublicKey(pair.privateKey))).toMatch(/never hand the private key/);
    expect(refuse(() => new SealPublicKey(base64))).toMatch(/not an SPKI public key/);
  });
});
