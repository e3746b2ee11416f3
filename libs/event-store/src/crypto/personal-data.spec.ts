import { randomBytes, randomUUID } from 'node:crypto';
import { EventStoreConfigError, InvalidEvent, PersonalDataError } from '../errors';
import { InMemoryPersonKeyStore, MasterKey, parseMasterKey } from './key-store';
import { ERASED, PersonalDataProtector, type PersonalDataRule } from './personal-data';

const rules: PersonalDataRule[] = [
  {
    type: 'ReferralReceived',
    personalFields: [
      { personIdPath: 'harmedPersons[*].personId', fields: ['name', 'dateOfBirth', 'contact'] },
      { personIdPath: 'referrer.personId', fields: ['name', 'address.line1'] },
    ],
  },
];

interface StoredReferral {
  caseId: string;
  harmedPersons: { personId: string; name: string; contact: string; preferredLanguage: string }[];
  referrer: { name: string; address: { line1: string; town: string } };
}

function referral(victim: string, officer: string): Record<string, unknown> {
  return {
    caseId: 'case-1',
    harmedPersons: [
      {
        personId: victim,
        name: 'Vera Victim',
        dateOfBirth: '1990-04-01',
        contact: { phone: '+44 7700 900000' },
        preferredLanguage: 'cy',
      },
    ],
    referrer: { personId: officer, name: 'PC Officer', address: { line1: '1 Station Road', town: 'Leeds' } },
  };
}

describe('PersonalDataProtector', () => {
  const master = new MasterKey(randomBytes(32));
  const keys = new InMemoryPersonKeyStore();
  const protector = new PersonalDataProtector(rules, keys, master);
  const victim = `p-${randomUUID()}`;
  const officer = `p-${randomUUID()}`;
  const eventId = randomUUID();

  it('encrypts exactly the listed fields, per person, leaving ids and other fields readable', async () => {
    const data = referral(victim, officer);
    const [stored] = (await protector.protect([{ eventId, type: 'ReferralReceived', data }])) as [
      StoredReferral,
    ];
    const harmed = stored.harmedPersons[0];
    expect(stored.caseId).toBe('case-1');
    expect(harmed?.personId).toBe(victim);
    expect(harmed?.preferredLanguage).toBe('cy');
    expect(harmed?.name).toMatch(new RegExp(`^enc:v1:[A-Za-z0-9_-]+:${victim}$`));
    expect(harmed?.contact).toMatch(/^enc:v1:/);
    expect(stored.referrer.name).toMatch(new RegExp(`:${officer}$`));
    expect(stored.referrer.address.line1).toMatch(/^enc:v1:/);
    expect(stored.referrer.address.town).toBe('Leeds');
    expect(JSON.stringify(stored)).not.toContain('Vera');
    expect(data).toEqual(referral(victim, officer));

    await protector.reveal([{ eventId, data: stored }]);
    expect(stored).toEqual(referral(victim, officer));
  });

  it('encrypts deterministically per event, so a retried append stores the same bytes', async () => {
    const once = await protector.protect([
      { eventId, type: 'ReferralReceived', data: referral(victim, officer) },
    ]);
    const twice = await protector.protect([
      { eventId, type: 'ReferralReceived', data: referral(victim, officer) },
    ]);
    const otherEvent = await protector.protect([
      { eventId: randomUUID(), type: 'ReferralReceived', data: referral(victim, officer) },
    ]);
    expect(twice).toEqual(once);
    expect(otherEvent).not.toEqual(once);
  });

  it('reads an erased person as [erased], others intact, and keeps them erased for later events', async () => {
    const person = `p-${randomUUID()}`;
    const [stored] = (await protector.protect([
      { eventId, type: 'ReferralReceived', data: referral(person, officer) },
    ])) as [Record<string, unknown>];
    await protector.erase(person);
    await protector.reveal([{ eventId, data: stored }]);
    expect(stored).toMatchObject({
      harmedPersons: [
        { personId: person, name: ERASED, dateOfBirth: ERASED, contact: ERASED, preferredLanguage: 'cy' },
      ],
      referrer: { personId: officer, name: 'PC Officer' },
    });
    const [later] = (await protector.protect([
      { eventId: randomUUID(), type: 'ReferralReceived', data: referral(person, officer) },
    ])) as [Record<string, unknown>];
    expect(later).toMatchObject({ harmedPersons: [{ name: ERASED }] });
  });

  it('fails loudly on altered ciphertext, on ciphertext moved to another event, and on a different master key', async () => {
    const [stored] = (await protector.protect([
      { eventId, type: 'ReferralReceived', data: referral(victim, officer) },
    ])) as [{ referrer: { name: string } }];
    const flipped = structuredClone(stored);
    const name = flipped.referrer.name;
    const payloadEnd = name.lastIndexOf(':');
    flipped.referrer.name = `${name.slice(0, payloadEnd - 2)}${name[payloadEnd - 2] === 'A' ? 'B' : 'A'}${name.slice(payloadEnd - 1)}`;
    await expect(protector.reveal([{ eventId, data: flipped }])).rejects.toThrow(PersonalDataError);
    await expect(
      protector.reveal([{ eventId: randomUUID(), data: structuredClone(stored) }]),
    ).rejects.toThrow(/moved from another event/);
    const stranger = new PersonalDataProtector(rules, keys, new MasterKey(randomBytes(32)));
    await expect(stranger.reveal([{ eventId, data: structuredClone(stored) }])).rejects.toThrow(
      /configure the master key the data was written with/,
    );
  });

  it('refuses personal fields without a person id, and data posing as ciphertext', async () => {
    const data = { harmedPersons: [{ name: 'No Id' }] };
    await expect(protector.protect([{ eventId, type: 'ReferralReceived', data }])).rejects.toMatchObject({
      field: 'events[0].data.harmedPersons.0.name',
    });
    await expect(
      protector.protect([{ eventId, type: 'ReferralReceived', data: { caseId: 'enc:v1:abc:x' } }]),
    ).rejects.toBeInstanceOf(InvalidEvent);
  });

  it('needs a master key only when there is personal data to protect', async () => {
    const keyless = new PersonalDataProtector(rules, undefined, undefined);
    await expect(keyless.protect([{ eventId, type: 'Other', data: { name: 'public' } }])).resolves.toEqual([
      { name: 'public' },
    ]);
    await expect(
      keyless.protect([{ eventId, type: 'ReferralReceived', data: referral(victim, officer) }]),
    ).rejects.toThrow(/EVENT_STORE_MASTER_KEY/);
  });

  it('refuses rules it cannot apply', () => {
    expect(
      () =>
        new PersonalDataProtector(
          [{ type: 'X', personalFields: [{ personIdPath: 'persons[*]', fields: ['name'] }] }],
          keys,
          master,
        ),
    ).toThrow(EventStoreConfigError);
    expect(
      () =>
        new PersonalDataProtector(
          [{ type: 'X', personalFields: [{ personIdPath: 'personId', fields: ['a[*].b'] }] }],
          keys,
          master,
        ),
    ).toThrow(EventStoreConfigError);
    expect(
      () =>
        new PersonalDataProtector([rules[0] as PersonalDataRule, rules[0] as PersonalDataRule], keys, master),
    ).toThrow(/two personal data rules/);
  });
});

describe('master key', () => {
  it('accepts 32 bytes as hex or base64 and refuses anything else', () => {
    const bytes = randomBytes(32);
    expect(parseMasterKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseMasterKey(bytes.toString('base64'))).toEqual(bytes);
    expect(() => parseMasterKey('too-short')).toThrow(/32 bytes/);
    expect(() => parseMasterKey(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('binds a wrapped key to its person', () => {
    const master = new MasterKey(randomBytes(32));
    const dataKey = master.newDataKey();
    const wrapped = master.wrap('alice', dataKey);
    expect(master.unwrap('alice', wrapped, master.keyId)).toEqual(dataKey);
    expect(() => master.unwrap('bob', wrapped, master.keyId)).toThrow(PersonalDataError);
  });
});
