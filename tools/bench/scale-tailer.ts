// bench:scale's tailing subscriber, in a process of its own (as a service's would be): appends an
// event every 100 ms to a stream of its own and tails the log for it, until its stdin closes; then
// prints each event's lag (append acknowledged → heard by the subscription, ms) as one JSON line.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@accord/event-store';
import { runMain } from '../run-main';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const store = new PostgresEventStore({ pool, schema: process.env['BENCH_SCALE_SCHEMA'] ?? 'bench_scale' });
  const appended = new Map<string, number>();
  const lags: number[] = [];
  const stream = `benchtail.Tail-${randomUUID()}`;
  const subscription = store.subscribeToAll(
    { after: await store.headPosition(), filter: { streamPrefix: stream } },
    async (event: RecordedEvent) => {
      const at = appended.get(event.eventId);
      if (at !== undefined) lags.push(performance.now() - at);
    },
  );
  let running = true;
  process.stdin.on('close', () => (running = false)).resume();
  process.stdout.write('ready\n');
  for (let version = 0; running; version++) {
    const eventId = randomUUID();
    await store.appendToStream(
      stream,
      [
        {
          eventId,
          type: 'BenchTick',
          schemaVersion: 1,
          data: { n: version },
          metadata: {
            correlationId: eventId,
            causationId: eventId,
            actor: 'bench',
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      { expectedVersion: version === 0 ? 'no-stream' : version - 1 },
    );
    appended.set(eventId, performance.now());
    await new Promise((done) => setTimeout(done, 100));
  }
  await new Promise((done) => setTimeout(done, 1_500));
  await subscription.stop();
  await store.close();
  await pool.end();
  // An event never heard counts as an infinite lag.
  const unheard = appended.size - lags.length;
  process.stdout.write(`${JSON.stringify({ lags, unheard })}\n`);
}

runMain(main);
