import { SignJWT } from 'jose';
import { signDevToken, TokenVerifier } from './token-verifier';

const secret = 'a-development-secret-of-32-chars!';
const verifier = new TokenVerifier({ secret });

async function token(claims: Record<string, unknown>, key = secret): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('alice')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(key));
}

describe('TokenVerifier', () => {
  it('reads sub, agency and roles from a development token', async () => {
    const signed = await signDevToken(secret, { sub: 'alice', agency: 'police-north', roles: ['referrer'] });
    await expect(verifier.verify(signed)).resolves.toEqual({
      sub: 'alice',
      agency: 'police-north',
      roles: ['referrer'],
    });
  });

  it('refuses a token signed with another key', async () => {
    await expect(
      verifier.verify(await token({ agency: 'x', roles: [] }, 'another-secret-another-secret-xx')),
    ).rejects.toThrow(/not valid/);
  });

  it('refuses a token without an agency, or with unknown roles', async () => {
    await expect(verifier.verify(await token({ roles: ['referrer'] }))).rejects.toThrow(/agency/);
    await expect(
      verifier.verify(await token({ agency: 'police-north', roles: ['superuser'] })),
    ).rejects.toThrow(/roles/);
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({ agency: 'a', roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    await expect(verifier.verify(expired)).rejects.toThrow(/exp/);
  });

  it('refuses an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'alice', agency: 'a', roles: ['admin'] })).toString(
      'base64url',
    );
    await expect(verifier.verify(`${header}.${body}.`)).rejects.toThrow(/not valid/);
  });
});
