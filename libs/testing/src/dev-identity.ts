import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** Accord's audience, as the development provider puts it in every token (services: AUTH_AUDIENCE). */
export const ACCORD_RESOURCE = 'urn:accord:api';

export interface DevProvider {
  /** Base URL: each agency's issuer is `<url>/<agency id>`. */
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs the development OpenID Provider (infra/oidc/dev-provider.mjs, panva's oidc-provider) as its
 * own process on `port` and waits until it listens.
 */
export async function startDevProvider(port: number, logFile?: string): Promise<DevProvider> {
  const child = spawn(
    process.execPath,
    [resolve(repoRoot, 'infra/oidc/dev-provider.mjs'), '--port', String(port)],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stderr?.pipe(log);
  }
  const url = await new Promise<string>((ready, failed) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) ready(line.slice('ready '.length));
    });
    child.once('exit', (code) => failed(new Error(`the development OpenID Provider exited (${code})`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((stopped) => {
        if (child.exitCode !== null || child.signalCode !== null) return stopped();
        child.once('exit', () => stopped());
        child.kill('SIGTERM');
      }),
  };
}

export interface DevTokenRequest {
  /** Base URL of the development provider. */
  readonly provider: string;
  /** Which of its issuers signs (`<provider>/<issuer>`); the agency's own by default. */
  readonly issuer?: string;
  readonly agency: string;
  readonly roles: readonly string[];
  readonly sub?: string;
  /** Claims to set (or, with null, drop) in the signed token: for tests of what Accord refuses. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * A token from the development provider for whatever agency and roles are asked: a machine client
 * registers itself (dynamic registration) saying whom it speaks for, then uses the client
 * credentials grant. The provider signs what it is asked; Accord decides whether to trust it.
 */
export async function devToken(request: DevTokenRequest): Promise<string> {
  const issuer = `${request.provider}/${request.issuer ?? request.agency}`;
  const client = await json(
    await fetch(`${issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
        agency: request.agency,
        roles: [...request.roles],
        ...(request.sub ? { subject: request.sub } : {}),
        ...(request.overrides ? { token_overrides: request.overrides } : {}),
      }),
    }),
    `${issuer}/reg`,
  );
  const token = await json(
    await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: String(client['client_id']),
        client_secret: String(client['client_secret']),
        resource: ACCORD_RESOURCE,
        scope: 'accord',
      }),
    }),
    `${issuer}/token`,
  );
  return String(token['access_token']);
}

export interface TrustRegistration {
  /** intake or the gateway: `PUT /api/admin/agencies/:id/trust`. */
  readonly directory: string;
  /** A platform administrator's token. */
  readonly adminToken: string;
  readonly agency: string;
  readonly issuers: readonly string[];
  readonly tier?: 'agency' | 'inspectorate';
  readonly reason?: string;
}

/** How long a registration is sent again while the directory answers 503 with Retry-After. */
const REGISTRATION_PATIENCE_MS = 60_000;

/**
 * Registers an agency's issuers in the agency directory, as a platform administrator. A directory
 * whose database is away for a moment answers 503 with Retry-After: the same PUT (idempotent) is
 * sent again after it, for up to a minute.
 */
export async function registerTrust(registration: TrustRegistration): Promise<void> {
  const url = `${registration.directory}/api/admin/agencies/${registration.agency}/trust`;
  const deadline = Date.now() + REGISTRATION_PATIENCE_MS;
  for (;;) {
    const response = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${registration.adminToken}` },
      body: JSON.stringify({
        tier: registration.tier ?? 'agency',
        issuers: registration.issuers.map((issuer) => ({ issuer })),
        reason: registration.reason ?? 'development and test identity provider',
      }),
    });
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    if (response.status !== 503 || !Number.isFinite(retryAfter) || Date.now() >= deadline) {
      await json(response, `PUT ${url}`);
      return;
    }
    await response.body?.cancel();
    await new Promise((resume) => setTimeout(resume, Math.max(retryAfter, 1) * 1_000));
  }
}

export interface TestPrincipal {
  readonly agency: string;
  readonly roles: readonly string[];
  readonly sub?: string;
}

export interface TestTokenOptions {
  /** Which issuer of the development provider signs; the agency's own by default. */
  readonly issuer?: string;
  /** Register the agency's own issuer in the directory first (default true; false for attacks). */
  readonly register?: boolean;
  /** Tier the agency is registered with; `inspectorate` for the agency of that name by default. */
  readonly tier?: 'agency' | 'inspectorate';
  readonly overrides?: Readonly<Record<string, unknown>>;
}

const registered = new Map<string, Promise<void>>();
const cached = new Map<string, { token: string; until: number }>();

function setting(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run tests through jest.int.config.js or jest.e2e.config.js`);
  return value;
}

/**
 * THE way tests get bearer tokens: from the real development OpenID Provider the jest global setup
 * started (ACCORD_OIDC_URL), signed by the agency's own issuer, which is registered in the agency
 * directory (INTAKE_URL) first, so the token is accepted by every service exactly as in production.
 * The platform operator's agency (AUTH_PLATFORM_AGENCY) is trusted by configuration instead.
 */
export async function testToken(principal: TestPrincipal, options: TestTokenOptions = {}): Promise<string> {
  const provider = setting('ACCORD_OIDC_URL');
  const platformAgency = process.env['AUTH_PLATFORM_AGENCY'] ?? 'accord-ops';
  const { agency } = principal;
  if (options.register !== false && agency !== platformAgency) {
    const tier = options.tier ?? (agency === 'inspectorate' ? 'inspectorate' : 'agency');
    const key = `${agency}|${tier}`;
    let done = registered.get(key);
    if (!done) {
      done = (async () =>
        registerTrust({
          directory: setting('INTAKE_URL'),
          adminToken: await testToken({
            agency: platformAgency,
            roles: ['admin'],
            sub: 'test-platform-admin',
          }),
          agency,
          issuers: [`${provider}/${agency}`],
          tier,
        }))();
      done.catch(() => registered.delete(key));
      registered.set(key, done);
    }
    await done;
  }
  const request: DevTokenRequest = {
    provider,
    agency,
    roles: principal.roles,
    sub: principal.sub ?? `${agency}-user`,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  };
  if (options.overrides) return devToken(request);
  const key = JSON.stringify([request.issuer ?? agency, agency, [...principal.roles].sort(), request.sub]);
  const hit = cached.get(key);
  if (hit && hit.until > Date.now()) return hit.token;
  const token = await devToken(request);
  // Development tokens live an hour; reuse one for half of that.
  cached.set(key, { token, until: Date.now() + 30 * 60_000 });
  return token;
}
