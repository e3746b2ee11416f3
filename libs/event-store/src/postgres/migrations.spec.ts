import { createHash } from 'node:crypto';
import { EVENT_STORE_MIGRATIONS } from './migrations';

// migrate() refuses a shipped migration whose text changed (its checksum is stored when applied).
// The SQL shared by several migrations is built from the fragments in migrations.ts, so this pins
// what every shipped migration renders to: change a fragment, and the shipped text must not move.
const SHIPPED: Readonly<Record<string, string>> = {
  '0001_event_store': '44ceb0bb723c1b7a1eec08020ea81241641ffc91a628177f704fd3d39167fd3f',
  '0002_lock_free_append': '90b4c2bdc95317d5143a24e05477692205e6fbb51b25673b78adf2b111a06d4d',
  '0003_ed25519_seal_checkpoints': '5a3592d0b357a418fe1fc5476bd8ef03194e8480737fa2f659abf4d19f1ae70c',
  '0004_rewrap_person_key': 'e6fe808f912d12171eda252c7cab2a69cb51f93f7b8e0dcea99a395403a530fa',
  '0005_announce_erasure': 'f29b4bcc8fe9a288062cf3fbf01b49df71546a0ba9bd62d2d94cf99d5233a0da',
};

describe('event store migrations', () => {
  it('renders every shipped migration exactly as it shipped', () => {
    const rendered = Object.fromEntries(
      EVENT_STORE_MIGRATIONS.filter((migration) => migration.id in SHIPPED).map((migration) => [
        migration.id,
        createHash('sha256').update(migration.sql).digest('hex'),
      ]),
    );
    expect(rendered).toEqual(SHIPPED);
  });
});
