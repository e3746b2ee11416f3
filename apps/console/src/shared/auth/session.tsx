import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/api-client';
import { configureLive } from '../live';
import { loadConsoleConfig, type AgencySignIn, type ConsoleConfig } from './console-config';
import { principalFromToken, type Principal } from './principal';

const AGENCY_KEY = 'accord.signIn.agency';
export const CALLBACK_PATH = '/auth/callback';

export type SessionEnd = 'signed-out' | 'expired' | undefined;

export interface Session {
  readonly config: ConsoleConfig | null;
  readonly configError: string | null;
  readonly principal: Principal | null;
  readonly ready: boolean;
  readonly ended: SessionEnd;
  readonly api: ApiClient;
  signIn(agencyId: string, returnTo: string): Promise<void>;
  completeSignIn(): Promise<string>;
  signOut(): Promise<void>;
}

/** Exported for component tests, which give pages a session of their own making. */
export const SessionContext = createContext<Session | null>(null);

function managerFor(config: ConsoleConfig, agency: AgencySignIn): UserManager {
  const origin = globalThis.location.origin;
  return new UserManager({
    authority: agency.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/signed-out`,
    response_type: 'code',
    scope: config.scope,
    // Accord's API is the resource the access token is for (RFC 8707), so it carries Accord's audience.
    extraQueryParams: { resource: config.audience },
    extraTokenParams: { resource: config.audience },
    userStore: new WebStorageStateStore({ store: globalThis.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: globalThis.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** Sign-in through the agency's own OpenID provider (authorization code + PKCE), and the API client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const [ended, setEnded] = useState<SessionEnd>(undefined);

  const manager = useCallback(
    (agencyId?: string): UserManager | null => {
      const id = agencyId ?? globalThis.sessionStorage.getItem(AGENCY_KEY);
      const agency = config?.agencies.find((candidate) => candidate.id === id);
      return config && agency ? managerFor(config, agency) : null;
    },
    [config],
  );

  useEffect(() => {
    loadConsoleConfig().then(setConfig, (error: Error) => {
      setConfigError(error.message);
      setReady(true);
    });
  }, []);

  useEffect(() => {
    if (!config) return;
    const current = manager();
    if (!current) {
      setReady(true);
      return;
    }
    current.getUser().then(
      (stored) => {
        // A sign-in completed meanwhile (the callback page) wins over what storage held before it.
        setUser((signedIn) => signedIn ?? (stored && !stored.expired ? stored : null));
        if (stored?.expired) setEnded('expired');
        setReady(true);
      },
      // Unreadable storage is no session: the person signs in again rather than waiting forever.
      () => setReady(true),
    );
  }, [config, manager]);

  // The session ends when the access token does: the person is told and asked to sign in again.
  useEffect(() => {
    if (!user?.expires_at) return;
    const wait = user.expires_at * 1000 - Date.now();
    const timer = setTimeout(
      () => {
        void manager()?.removeUser();
        setUser(null);
        setEnded('expired');
      },
      Math.max(wait, 0),
    );
    return () => clearTimeout(timer);
  }, [user, manager]);

  // Live updates follow the signed-in person's token (and stop when they sign out).
  useEffect(() => {
    const token = user?.access_token;
    configureLive(() => token);
  }, [user]);

  const endSession = useCallback(
    (why: SessionEnd) => {
      void manager()?.removeUser();
      setUser(null);
      setEnded(why);
    },
    [manager],
  );

  const value = useMemo<Session>(() => {
    const token = user?.access_token;
    return {
      config,
      configError,
      principal: token ? principalFromToken(token) : null,
      ready,
      ended,
      api: createApiClient({ token: () => token, onUnauthorized: () => endSession('expired') }),
      async signIn(agencyId, returnTo) {
        const chosen = manager(agencyId);
        if (!chosen) throw new Error(`unknown agency ${agencyId}`);
        globalThis.sessionStorage.setItem(AGENCY_KEY, agencyId);
        await chosen.signinRedirect({ state: { returnTo } });
      },
      async completeSignIn() {
        const current = manager();
        if (!current) throw new Error('no sign-in was started in this browser tab');
        const signedIn = await current.signinRedirectCallback();
        setUser(signedIn);
        setEnded(undefined);
        const state = signedIn.state as { returnTo?: string } | undefined;
        return state?.returnTo?.startsWith('/') ? state.returnTo : '/';
      },
      async signOut() {
        const current = manager();
        setUser(null);
        setEnded('signed-out');
        if (!current) return;
        await current.removeUser();
        // Ends the provider's session too where it offers an end-session endpoint.
        try {
          await current.signoutRedirect({ id_token_hint: user?.id_token });
        } catch {
          globalThis.location.assign('/signed-out');
        }
      },
    };
  }, [config, configError, user, ready, ended, manager, endSession]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
