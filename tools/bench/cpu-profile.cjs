// CPU profiles of chosen services under a benchmark's load. `node --cpu-prof` is not allowed in
// NODE_OPTIONS, so this preload starts the in-process inspector's profiler instead and writes
// `<dir>/<service>-<pid>[-<n>].cpuprofile` (open it in Chrome DevTools or speedscope):
//   ACCORD_CPU_PROFILE=gateway,intake NODE_OPTIONS="--require $PWD/tools/bench/cpu-profile.cjs" \
//     npm run bench:pipeline -- --quick
// By default a profile runs from start-up to exit. With ACCORD_CPU_PROFILE_WINDOW=signal it covers
// only a window: SIGUSR2 starts it, the next SIGUSR2 writes it (and so on), e.g. around one phase
// of a held fleet (`npm run bench:pipeline -- --hold`): `pkill -USR2 -f services/intake/src/main`.
// Directory: ACCORD_CPU_PROFILE_DIR (default .accord/profiles).
'use strict';
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const wanted = (process.env.ACCORD_CPU_PROFILE ?? '').split(',').filter(Boolean);
const service = /services\/([^/]+)\/src\/main\.[jt]s$/.exec(process.argv[1] ?? '')?.[1];

if (service && wanted.includes(service)) {
  const directory = process.env.ACCORD_CPU_PROFILE_DIR ?? path.resolve(__dirname, '../../.accord/profiles');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  let running = false;
  let written = 0;
  const start = () => {
    session.post('Profiler.start');
    running = true;
  };
  // The in-process session answers synchronously, so the profile is written before an exit completes.
  const write = () => {
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(directory, { recursive: true });
      const suffix = written++ === 0 ? '' : `-${written}`;
      fs.writeFileSync(
        path.join(directory, `${service}-${process.pid}${suffix}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  };
  if (process.env.ACCORD_CPU_PROFILE_WINDOW === 'signal') {
    process.on('SIGUSR2', () => (running ? write() : start()));
  } else start();
  process.on('exit', () => {
    if (running) write();
  });
}
