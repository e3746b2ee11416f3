// Counts the round trips each service makes, for the pipeline benchmark's "round trips per referral"
// table: preloaded into every service of the benchmark's fleet with
//   NODE_OPTIONS="--require $PWD/tools/bench/sql-count.cjs" ACCORD_SQL_COUNT_DIR=<dir>
// it wraps pg's Client#query (every pool, TypeORM's included, goes through it: one call is one
// round trip) and kafkajs' Connection#send (one Kafka request), and on SIGUSR2 writes
// `<dir>/<service>.json`: the totals and the count per statement (shortened) and per Kafka API.
// The benchmark signals before and after a measured phase and divides the difference.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const directory = process.env.ACCORD_SQL_COUNT_DIR;
const service = /services\/([^/]+)\/src\/main\.[jt]s$/.exec(process.argv[1] ?? '')?.[1];

if (directory && service) {
  const { Client } = require('pg');
  const counts = new Map();
  let total = 0;
  const original = Client.prototype.query;
  Client.prototype.query = function countedQuery(config, ...rest) {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 140);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
    return original.call(this, config, ...rest);
  };
  const kafka = new Map();
  let kafkaTotal = 0;
  const Connection = require('kafkajs/src/network/connection');
  const send = Connection.prototype.send;
  Connection.prototype.send = function countedSend(options, ...rest) {
    const api = options?.request?.apiName ?? '?';
    kafka.set(api, (kafka.get(api) ?? 0) + 1);
    kafkaTotal++;
    return send.call(this, options, ...rest);
  };
  process.on('SIGUSR2', () => {
    fs.mkdirSync(directory, { recursive: true });
    const file = path.join(directory, `${service}.json`);
    const snapshot = {
      total,
      statements: Object.fromEntries(counts),
      kafkaTotal,
      kafka: Object.fromEntries(kafka),
    };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
    fs.renameSync(`${file}.tmp`, file);
  });
}
