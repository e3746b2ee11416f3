// jsdom, plus the web platform globals that Node has and jsdom lacks (fetch's Response and Headers,
// text codecs, streams), so the console's code runs in unit tests as it does in a browser.
const { TestEnvironment } = require('jest-environment-jsdom');

const FROM_NODE = [
  'fetch',
  'Response',
  'Request',
  'Headers',
  'TextDecoder',
  'TextEncoder',
  'TextDecoderStream',
  'ReadableStream',
  'AbortController',
  'AbortSignal',
  'structuredClone',
];

class ConsoleEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) this.global[name] = globalThis[name];
  }
}

module.exports = ConsoleEnvironment;
