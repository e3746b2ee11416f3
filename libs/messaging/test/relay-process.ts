// A relay replica as its own process, for the fail-over test: started with ts-register, killed
// with SIGKILL mid-stream. Reads RELAY_SCHEMA, RELAY_TOPIC, DATABASE_URL, KAFKA_BROKERS, EVENT_STORE_MASTER_KEY.
import { Pool } from 'pg';
import { PostgresEventStore } from '@accord/event-store';
import { KafkaConnection } from '../src/kafka-connection';
import { EventRelay } from '../src/relay';
import { recordingLogger } from '../src/testing-logger';
import './relay-test-contracts';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const pool = new Pool({ connectionString: env('DATABASE_URL') });
  const store = await PostgresEventStore.create({
    pool,
    schema: env('RELAY_SCHEMA'),
    masterKey: env('EVENT_STORE_MASTER_KEY'),
  });
  const connection = new KafkaConnection({
    clientId: 'accord-relay-test',
    brokers: env('KAFKA_BROKERS').split(','),
    logger: recordingLogger(),
  });
  const relay = new EventRelay({
    service: 'intake',
    store,
    pool,
    connection,
    topic: env('RELAY_TOPIC'),
    lockName: `relay-test.${env('RELAY_SCHEMA')}`,
    logger: recordingLogger(),
    batchSize: 20,
    idleMs: 50,
    standbyRetryMs: 200,
  });
  relay.start();
  // Tell the test when this replica leads, so it knows whom to kill.
  const timer = setInterval(() => process.stdout.write(relay.isLeader ? 'leader\n' : 'standby\n'), 100);
  process.once('SIGTERM', () => {
    clearInterval(timer);
    void relay.stop().then(() => process.exit(0));
  });
}

void main();
