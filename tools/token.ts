// `npm run token -- --agency police-north --roles referrer[,screener] [--sub alice] [--expires 12h]`
// prints a development bearer token signed with AUTH_JWT_SECRET (from the environment or
// .accord/infra.env, which `npm start` writes). Production tokens come from the OIDC provider.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isRole, ROLES, signDevToken } from '@accord/platform';

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function secret(): string | undefined {
  if (process.env['AUTH_JWT_SECRET']) return process.env['AUTH_JWT_SECRET'];
  const file = resolve(__dirname, '..', '.accord', 'infra.env');
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('AUTH_JWT_SECRET='));
  return line?.slice('AUTH_JWT_SECRET='.length);
}

async function main(args: readonly string[]): Promise<number> {
  const agency = option(args, 'agency');
  const roles = (option(args, 'roles') ?? '').split(',').filter(Boolean);
  const bad = roles.filter((role) => !isRole(role));
  if (!agency || roles.length === 0 || bad.length > 0) {
    process.stderr.write(
      `usage: npm run token -- --agency <agency> --roles <role>[,<role>…] [--sub <user>] [--expires 12h]\n` +
        (bad.length > 0 ? `unknown role(s): ${bad.join(', ')}\n` : '') +
        `roles: ${ROLES.join(', ')}\n`,
    );
    return 2;
  }
  const key = secret();
  if (!key) {
    process.stderr.write(
      'no AUTH_JWT_SECRET: set it, or run `npm run infra:up` (or `npm start`) once to make a development one\n',
    );
    return 1;
  }
  const sub = option(args, 'sub') ?? `${agency}-user`;
  process.stdout.write(
    `${await signDevToken(key, { sub, agency, roles: roles.filter(isRole) }, option(args, 'expires') ?? '12h')}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
