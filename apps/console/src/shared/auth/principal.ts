// Who is signed in, read from the access token's claims. The console only uses this to choose what
// to show: every decision is the API's, which verifies the token itself.
import { ROLES, type Role } from '@accord/contracts/roles';

export interface Principal {
  readonly sub: string;
  readonly agency: string;
  readonly roles: readonly Role[];
  readonly expiresAt: number;
}

function base64UrlDecode(part: string): string {
  const padded = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT access token (not verified here: the API verifies). Null when unreadable. */
export function principalFromToken(token: string, rolesClaim = 'roles'): Principal | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
    const rawRoles = claims[rolesClaim];
    const roles = (Array.isArray(rawRoles) ? rawRoles : []).filter((role): role is Role =>
      (ROLES as readonly string[]).includes(role as string),
    );
    if (typeof claims['sub'] !== 'string' || typeof claims['agency'] !== 'string') return null;
    return {
      sub: claims['sub'],
      agency: claims['agency'],
      roles,
      expiresAt: typeof claims['exp'] === 'number' ? claims['exp'] * 1000 : 0,
    };
  } catch {
    return null;
  }
}

export const hasAnyRole = (principal: Principal | null, ...roles: Role[]): boolean =>
  !!principal && roles.some((role) => principal.roles.includes(role));
