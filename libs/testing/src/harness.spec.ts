import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessSecrets, TEST_SECRETS } from './harness';

describe('harnessSecrets: one database, one set of keys', () => {
  const state = mkdtempSync(join(tmpdir(), 'accord-harness-'));
  const empty = mkdtempSync(join(tmpdir(), 'accord-harness-'));
  // What infra/up.sh writes for `npm start` (its own master and seal keys).
  writeFileSync(
    join(state, 'secrets.env'),
    'ACCORD_CREDENTIALS_SECRET=c\nEVENT_STORE_MASTER_KEY=ab\nSEAL_SIGNING_KEY=cd\n',
  );
  afterAll(() => {
    for (const dir of [state, empty]) rmSync(dir, { recursive: true, force: true });
  });

  it("writes the tests' own database with the test keys only, whatever the shell exports", () => {
    expect(
      harnessSecrets(true, {
        ACCORD_STATE_DIR: state,
        EVENT_STORE_MASTER_KEY: 'exported',
        SEAL_SIGNING_KEY: 'x',
      }),
    ).toEqual(TEST_SECRETS);
  });

  it("gives a DATABASE_URL from the environment the keys npm start would use: the environment's, else the checkout's", () => {
    expect(
      harnessSecrets(false, {
        ACCORD_STATE_DIR: state,
        EVENT_STORE_MASTER_KEY: 'exported',
        SEAL_SIGNING_KEY: 'x',
      }),
    ).toEqual({ EVENT_STORE_MASTER_KEY: 'exported', SEAL_SIGNING_KEY: 'x' });
    expect(harnessSecrets(false, { ACCORD_STATE_DIR: state })).toEqual({
      EVENT_STORE_MASTER_KEY: 'ab',
      SEAL_SIGNING_KEY: 'cd',
    });
    // A fresh machine: no checkout secrets yet.
    expect(harnessSecrets(false, { ACCORD_STATE_DIR: empty })).toEqual(TEST_SECRETS);
  });
});
