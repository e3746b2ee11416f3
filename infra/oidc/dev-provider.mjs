// The development OpenID Provider: panva's certified `oidc-provider`, one issuer per path segment
// (`http://127.0.0.1:<port>/police-north`, `/inspectorate`, `/accord-ops`, …), so every agency in
// development has an identity provider of its own and federation is real. It signs what it is
// asked for — Accord decides whether to trust the issuer for the agency the token claims.
//
//   node infra/oidc/dev-provider.mjs [--port 3090] [--host 127.0.0.1]
//
// Prints `ready <base url>` once listening. Keys live in memory: a restarted provider has rotated
// its keys (which is how the tests rotate them). See infra/oidc/README.md.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

/** The audience of Accord's API (a resource indicator); services check it (AUTH_AUDIENCE). */
export const ACCORD_RESOURCE = 'urn:accord:api';
const ISSUER_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TOKEN_TTL_SECONDS = 3600;

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/**
 * Login `referrer` or `screener,facilitator` at an agency's issuer → that agency, those roles. A
 * named person logs in as `<id>:<roles>` (e.g. `fac-amira:facilitator`): their access tokens say
 * `sub` = `<id>`, so a facilitator can act on the cases assigned to them.
 */
function accountClaims(issuerName, accountId) {
  const colon = accountId.indexOf(':');
  const roles = colon > 0 ? accountId.slice(colon + 1) : accountId;
  return { sub: accountId, agency: issuerName, roles: roles.split(',').filter(Boolean) };
}

/** The `sub` an access token carries for a login (see accountClaims). */
const accessSubject = (accountId) => (accountId.indexOf(':') > 0 ? accountId.split(':')[0] : accountId);

/** Whether `origin` is the loopback host of `uri`, on any port. */
function sameLoopbackHost(uri, origin) {
  const allowed = URL.parse(uri);
  const asked = URL.parse(origin);
  return !!allowed && !!asked && asked.protocol === 'http:' && asked.hostname === allowed.hostname;
}

function issuerConfiguration(issuerName, consoleRedirects) {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return {
    jwks: { keys: [{ ...key, kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
    clients: [
      {
        // The web console: a public client, authorization code + PKCE. In development it runs on
        // whichever loopback port `npm start` or a test fleet gives the gateway, so it is registered
        // as a native client: loopback redirects then match on any port (RFC 8252 §7.3).
        client_id: 'accord-console',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: consoleRedirects,
        post_logout_redirect_uris: consoleRedirects.map((uri) => new URL('/signed-out', uri).href),
      },
    ],
    // A dev login page (any user name: the roles it is for, e.g. `referrer` or `screener,facilitator`).
    findAccount: (_ctx, accountId) => ({
      accountId,
      claims: () => accountClaims(issuerName, accountId),
    }),
    // The console's browser calls the token endpoint from its own origin (a loopback port in development).
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === 'accord-console' && consoleRedirects.some((uri) => sameLoopbackHost(uri, origin)),
    claims: { openid: ['sub'], accord: ['agency', 'roles'] },
    scopes: ['openid', 'accord'],
    extraClientMetadata: {
      // Machine clients register themselves (dev only) saying whom their tokens speak for.
      properties: ['agency', 'roles', 'subject', 'token_overrides'],
      validator(_ctx, key, value) {
        if (value === undefined) return;
        const ok =
          key === 'roles'
            ? Array.isArray(value) && value.every((role) => typeof role === 'string')
            : key === 'token_overrides'
              ? typeof value === 'object' && value !== null && !Array.isArray(value)
              : typeof value === 'string';
        if (!ok) throw new Error(`invalid ${key}`);
      },
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => ACCORD_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== ACCORD_RESOURCE) throw new Provider.errors.InvalidTarget();
          return {
            scope: 'accord',
            audience: ACCORD_RESOURCE,
            accessTokenTTL: TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: { ClientCredentials: TOKEN_TTL_SECONDS },
    pkce: { required: () => true },
    async extraTokenClaims(ctx, token) {
      if (token.kind === 'ClientCredentials') {
        const { agency, roles } = token.client;
        return { agency: agency ?? issuerName, roles: roles ?? [] };
      }
      if (token.accountId) {
        const { agency, roles } = accountClaims(issuerName, token.accountId);
        return { agency, roles };
      }
      return undefined;
    },
    formats: {
      customizers: {
        // Dev only: a machine client may choose its `sub`, and override or drop time claims, so the
        // tests can show that Accord refuses what a careless or hostile issuer would sign.
        jwt(_ctx, token, jwt) {
          if (token.kind === 'AccessToken' && token.accountId) {
            jwt.payload.sub = accessSubject(token.accountId);
            return;
          }
          const client = token.client;
          if (token.kind !== 'ClientCredentials' || !client) return;
          if (client.subject) jwt.payload.sub = client.subject;
          for (const [claim, value] of Object.entries(client.token_overrides ?? {})) {
            if (value === null) delete jwt.payload[claim];
            else jwt.payload[claim] = value;
          }
        },
      },
    },
  };
}

/** One HTTP server; the first path segment names the issuer, created on first use. */
export function startDevProvider({ port, host = '127.0.0.1', consoleRedirects }) {
  const issuers = new Map();
  const base = `http://${host}:${port}`;
  const redirects = consoleRedirects ?? ['http://127.0.0.1/auth/callback', 'http://localhost/auth/callback'];
  const server = createServer((req, res) => {
    const [, name = '', ...rest] = (req.url ?? '/').split('/');
    if (!ISSUER_NAME.test(name)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown issuer: use /<agency-id>/…\n');
      return;
    }
    let handle = issuers.get(name);
    if (!handle) {
      handle = new Provider(`${base}/${name}`, issuerConfiguration(name, redirects)).callback();
      issuers.set(name, handle);
    }
    req.originalUrl = req.url;
    req.url = `/${rest.join('/')}`;
    handle(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ url: base, close: () => server.close() }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await startDevProvider({
    port: Number(option('port', process.env['ACCORD_OIDC_PORT'] ?? '3090')),
    host: option('host', '127.0.0.1'),
  });
  process.stdout.write(`ready ${running.url}\n`);
  const stop = () => {
    running.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
