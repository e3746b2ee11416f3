// `npm run token -- --agency police-north --roles referrer[,screener] [--sub alice] [--issuer <name>]`
// prints a bearer token from the development OpenID Provider (ACCORD_OIDC_URL, from the environment
// or .accord/infra.env, which `npm start` uses), signed by the agency's own issuer
// (`<provider>/<agency>`) unless --issuer names another. The provider signs whatever it is asked;
// Accord accepts the token only if that issuer is registered for that agency in the agency directory.
import { resolve } from 'node:path';
import { isRole, ROLES } from '@accord/contracts';
import { readEnvFile } from '@accord/platform';
import { devToken } from '@accord/testing';

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

/** A setting from the environment, else the operator's `.accord/infra.env`. */
const setting = (name: string): string | undefined =>
  process.env[name] || readEnvFile(resolve(__dirname, '..', '.accord', 'infra.env'))[name];

async function main(args: readonly string[]): Promise<number> {
  const agency = option(args, 'agency');
  const roles = (option(args, 'roles') ?? '').split(',').filter(Boolean);
  const bad = roles.filter((role) => !isRole(role));
  if (!agency || roles.length === 0 || bad.length > 0) {
    process.stderr.write(
      `usage: npm run token -- --agency <agency> --roles <role>[,<role>…] [--sub <user>] [--issuer <issuer name>]\n` +
        (bad.length > 0 ? `unknown role(s): ${bad.join(', ')}\n` : '') +
        `roles: ${ROLES.join(', ')}\n`,
    );
    return 2;
  }
  const provider = setting('ACCORD_OIDC_URL');
  if (!provider) {
    process.stderr.write('no ACCORD_OIDC_URL: run `npm run infra:up` (or `npm start`) once\n');
    return 1;
  }
  const issuer = option(args, 'issuer');
  const token = await devToken({
    provider,
    agency,
    roles,
    sub: option(args, 'sub') ?? `${agency}-user`,
    ...(issuer ? { issuer } : {}),
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`token: ${(error as Error).message} (is \`npm start\` running the provider?)\n`);
    process.exit(1);
  },
);
