// For component tests: a session of the test's making, signed in as `principal`, whose API client
// calls the test's `fetch`.
import { createApiClient } from '../api/api-client';
import type { Principal } from './principal';
import type { Session } from './session';

export function testSession(principal: Principal): Session {
  return {
    config: null,
    configError: null,
    principal,
    ready: true,
    ended: undefined,
    api: createApiClient({ token: () => 'token', onUnauthorized: () => undefined }),
    signIn: async () => undefined,
    completeSignIn: async () => '/',
    signOut: async () => undefined,
  };
}
