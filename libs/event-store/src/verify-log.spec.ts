import { GENESIS_HASH, hashEvent } from './canonical';
import { SealSigningKey } from './crypto/seal-signing-key';
import type { StoredEvent } from './event-codec';
import type { AuditView } from './event-storage.port';
import { globalPositionOf } from './global-position';
import { checkpointMessage, nextSealLink, type SealCheckpoint, type SealLink } from './seal';
import { verifyAllIn } from './verify-log';
import { randomSealSigningKey } from '../test/support';

interface Log {
  events: StoredEvent[];
  links: SealLink[];
  checkpoints: SealCheckpoint[];
}

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** `streams` interleaved round by round (each its own length), every event sealed, a checkpoint every `every` links. */
function sealedLog(streams: Record<string, number>, signer: SealSigningKey, every = 4): Log {
  const events: StoredEvent[] = [];
  const heads = new Map<string, string>();
  const longest = Math.max(...Object.values(streams));
  for (let version = 0; version < longest; version++) {
    for (const [streamId, size] of Object.entries(streams)) {
      if (version >= size) continue;
      const prevHash = heads.get(streamId) ?? GENESIS_HASH;
      const fields = {
        streamId,
        streamVersion: version,
        eventId: id(events.length + 1),
        type: 'ThingHappened',
        schemaVersion: 1,
        data: { streamId, version },
        metadata: {},
        recordedAt: '2025-01-01T00:00:00.000Z',
      };
      const hash = hashEvent(prevHash, fields);
      heads.set(streamId, hash);
      events.push({
        ...fields,
        dataJson: JSON.stringify(fields.data),
        metadataJson: '{}',
        globalPosition: globalPositionOf(1, events.length + 1),
        prevHash,
        hash,
      });
    }
  }
  const links: SealLink[] = [];
  const checkpoints: SealCheckpoint[] = [];
  for (const event of events) {
    const link = nextSealLink(links[links.length - 1] ?? null, event);
    links.push(link);
    if (link.seq % BigInt(every) === 0n) {
      checkpoints.push({
        seq: link.seq,
        sealHash: link.sealHash,
        globalPosition: link.globalPosition,
        keyId: signer.keyId,
        signature: signer.sign(checkpointMessage(link.seq, link.sealHash, link.globalPosition)),
        algorithm: 'Ed25519',
      });
    }
  }
  return { events, links, checkpoints };
}

function viewOf({ events, links, checkpoints }: Log): AuditView {
  return {
    stream: async (streamId) => events.filter((event) => event.streamId === streamId),
    // Pages of three: breaks must be found across page ends too.
    events: async function* (map) {
      for (let i = 0; i < events.length; i += 3) yield events.slice(i, i + 3).map(map);
    },
    count: async () => events.length,
    seal: {
      streamLinks: async (streamId) => links.filter((link) => link.streamId === streamId),
      links: async function* () {
        for (let i = 0; i < links.length; i += 3) yield links.slice(i, i + 3);
      },
      checkpoints: async () => checkpoints,
      end: async () => links[links.length - 1]?.globalPosition ?? null,
    },
  };
}

const at = (log: Log, streamId: string, version: number) =>
  log.events.findIndex((event) => event.streamId === streamId && event.streamVersion === version);

describe('verifyAllIn: the whole log, every break', () => {
  const signer = new SealSigningKey(randomSealSigningKey());
  const keys = { sealPublicKey: signer.publicKey, masterKey: undefined };

  it('walks an untouched log to the end', async () => {
    const log = sealedLog({ a: 5, b: 3, c: 4 }, signer);
    expect(await verifyAllIn(viewOf(log), keys)).toEqual({ intact: true, checked: 12, sealed: 12 });
  });

  it('reports breaks in three streams, once each, and counts every event walked', async () => {
    const log = sealedLog({ a: 6, b: 4, c: 5 }, signer);
    // a@1: data edited. b@2: removed (not also a version gap at b@3). c@3: data edited.
    const editA = at(log, 'a', 1);
    log.events[editA] = { ...log.events[editA]!, dataJson: '{"edited":true}' };
    const removedB = log.events.splice(at(log, 'b', 2), 1)[0]!;
    const editC = at(log, 'c', 3);
    log.events[editC] = { ...log.events[editC]!, dataJson: '{"edited":true}' };

    const result = await verifyAllIn(viewOf(log), keys, { listBreaks: 2 });
    expect(result).toMatchObject({
      intact: false,
      checked: 14,
      reason: 'hash-mismatch',
      streamId: 'a',
      streamVersion: 1,
      eventId: log.events[editA]!.eventId,
    });
    if (result.intact) throw new Error('expected breaks');
    expect(result.breaks.count).toBe(3);
    expect(result.breaks.first.map((b) => [b.reason, b.streamId, b.streamVersion, b.eventId])).toEqual([
      ['hash-mismatch', 'a', 1, log.events[editA]!.eventId],
      ['event-missing', 'b', 2, null],
    ]);
    expect(result.breaks.first[1]?.globalPosition).toBe(removedB.globalPosition);
    expect(result.breaks.byStream).toEqual(
      expect.arrayContaining([
        { streamId: 'a', count: 1 },
        { streamId: 'b', count: 1 },
        { streamId: 'c', count: 1 },
      ]),
    );
    expect(result.breaks.byStream).toHaveLength(3);
    expect(result.breaks.byReason).toEqual([
      { reason: 'hash-mismatch', count: 2 },
      { reason: 'event-missing', count: 1 },
    ]);
  });

  it('checks every checkpoint with the wrong seal key, not only the first', async () => {
    const log = sealedLog({ a: 8, b: 8 }, signer, 4);
    const stranger = new SealSigningKey(randomSealSigningKey());
    const result = await verifyAllIn(viewOf(log), {
      sealPublicKey: stranger.publicKey,
      masterKey: undefined,
    });
    expect(result).toMatchObject({ intact: false, checked: 16, reason: 'checkpoint-signature-invalid' });
    expect(result.intact ? null : result.breaks).toMatchObject({
      count: 4,
      byReason: [{ reason: 'checkpoint-signature-invalid', count: 4 }],
    });
  });

  it('reports a removed run of seal links once, and a removed tail a checkpoint still covers', async () => {
    const log = sealedLog({ a: 10 }, signer, 4);
    // a@1 and a@2 gone with their seal links 2-3; then a@7 on, with links 7-10 (checkpoint 8 stays).
    log.links.splice(1, 2);
    log.events.splice(1, 2);
    log.links.splice(-4);
    log.events.splice(-3);
    const result = await verifyAllIn(viewOf(log), keys);
    if (result.intact) throw new Error('expected breaks');
    // The seal's gap and the chain's (two witnesses of the one removal), and the checkpoint past the end.
    expect(result.breaks.first.map((b) => [b.reason, b.streamVersion])).toEqual([
      ['seal-gap', 3],
      ['version-gap', 3],
      ['checkpoint-mismatch', null],
    ]);
    expect(result).toMatchObject({ checked: 5, reason: 'seal-gap' });
  });
});
