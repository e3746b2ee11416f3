// `npm run rebuild -- <service> <projection> [--apply]`: rebuilds a service's read model from the
// log beside the live one, compares them row by row at the live checkpoint, and (--apply) repairs
// the live one. Reads DATABASE_URL and EVENT_STORE_MASTER_KEY (or .accord/infra.env).
import { cliEnvironment } from '../services/audit/src/cli';
import { runRebuildCli } from './rebuild/rebuild-cli';
import { runMain } from './run-main';

runMain(() =>
  runRebuildCli(process.argv.slice(2), cliEnvironment(), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }),
);
