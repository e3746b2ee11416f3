// CPU profiles of chosen services under a benchmark's load. `node --cpu-prof` is not allowed in
// NODE_OPTIONS, so this preload starts the in-process inspector's profiler instead and writes
// `<dir>/<service>-<pid>.cpuprofile` (open it in Chrome DevTools or speedscope) when the process exits:
//   ACCORD_CPU_PROFILE=gateway,intake NODE_OPTIONS="--require $PWD/tools/bench/cpu-profile.cjs" \
//     npm run bench:pipeline -- --quick
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
  session.post('Profiler.start');
  // The in-process session answers synchronously, so the profile is written before the exit completes.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(directory, { recursive: true });
      fs.writeFileSync(
        path.join(directory, `${service}-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  });
}
