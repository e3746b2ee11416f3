// `npm run keys -- ids | rewrap`: the event store's keys as the operator rotates them (docs/operations.md,
// "Rotating keys"). Reads DATABASE_URL (the operator's), EVENT_STORE_MASTER_KEY,
// EVENT_STORE_RETIRED_MASTER_KEYS, SEAL_SIGNING_KEY (or SEAL_PUBLIC_KEY) and SEAL_RETIRED_PUBLIC_KEYS
// from the environment, else .accord/infra.env.
//   ids     the configured keys' fingerprints (current, retired) beside those the stored data was
//           written with; exit 1 when stored data names a key that is not configured
//   rewrap  wraps every person key still under a retired master key with the current one
import { Pool } from 'pg';
import {
  configuredKeyIds,
  DEFAULT_SCHEMA,
  MasterKey,
  RETIRED_MASTER_KEYS_ENV,
  retiredMasterKeysFrom,
  rewrapPersonKeys,
  storedKeyIds,
  unaccountedKeyIds,
  MASTER_KEY_ENV,
} from '@accord/event-store';
import { cliEnvironment } from '../services/audit/src/cli';

const USAGE = 'usage: npm run keys -- ids | rewrap';

export async function runKeysCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
): Promise<number> {
  const [command] = argv;
  if (command !== 'ids' && command !== 'rewrap') {
    out(`${USAGE}\n`);
    return 2;
  }
  const databaseUrl = env['DATABASE_URL'];
  const current = env[MASTER_KEY_ENV];
  if (!databaseUrl || !current) {
    out(
      `set DATABASE_URL and ${MASTER_KEY_ENV} (or run \`npm run infra:up\` once to write .accord/infra.env)\n`,
    );
    return 2;
  }
  const master = new MasterKey(current, retiredMasterKeysFrom(env[RETIRED_MASTER_KEYS_ENV]));
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    if (command === 'rewrap') {
      out(`${JSON.stringify(await rewrapPersonKeys(pool, DEFAULT_SCHEMA, master), null, 2)}\n`);
      return 0;
    }
    const configured = configuredKeyIds({ ...env, [MASTER_KEY_ENV]: current });
    const stored = await storedKeyIds(pool, DEFAULT_SCHEMA);
    const unaccounted = unaccountedKeyIds(stored, configured);
    out(`${JSON.stringify({ configured, stored, unaccounted }, null, 2)}\n`);
    return unaccounted.master.length + unaccounted.seal.length === 0 ? 0 : 1;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  runKeysCli(process.argv.slice(2), cliEnvironment(process.env), (text) => void process.stdout.write(text))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
