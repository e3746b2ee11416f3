import { hasAnyRole, principalFromToken } from './principal';

const token = (claims: Record<string, unknown>) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');

describe('the signed-in principal', () => {
  it('reads agency, roles and expiry from the access token, keeping only roles Accord knows', () => {
    const principal = principalFromToken(
      token({ sub: 'u1', agency: 'police-north', roles: ['referrer', 'superuser'], exp: 2_000_000_000 }),
    );
    expect(principal).toEqual({
      sub: 'u1',
      agency: 'police-north',
      roles: ['referrer'],
      expiresAt: 2_000_000_000_000,
    });
    expect(hasAnyRole(principal, 'screener', 'referrer')).toBe(true);
    expect(hasAnyRole(principal, 'auditor')).toBe(false);
  });

  it('is null for a token it cannot read, or without sub and agency', () => {
    expect(principalFromToken('not-a-jwt')).toBeNull();
    expect(principalFromToken(token({ sub: 'u1', roles: ['referrer'] }))).toBeNull();
    expect(hasAnyRole(null, 'referrer')).toBe(false);
  });
});
