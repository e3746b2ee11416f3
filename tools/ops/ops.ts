// `npm run ops:up`: a real Prometheus scraping every service of the service list where `npm start`
// runs it (ports from ACCORD_<SERVICE>_PORT, else the defaults), with Accord's alerting and
// recording rules loaded (deploy/prometheus); prints its URL. `npm run ops:down` stops it.
// ACCORD_PROMETHEUS_PORT (default 9090) moves it; its state lives in .accord/prometheus.
import { resolve } from 'node:path';
import { ensurePrometheusInstalled, serviceTargets, startPrometheus, stopPrometheus } from './prometheus';

const stateDir = resolve(
  process.env['ACCORD_STATE_DIR'] ?? resolve(__dirname, '..', '..', '.accord'),
  'prometheus',
);

async function main(command: string | undefined): Promise<void> {
  if (command === 'up') {
    ensurePrometheusInstalled();
    const targets = serviceTargets();
    const { url } = await startPrometheus({
      stateDir,
      port: Number(process.env['ACCORD_PROMETHEUS_PORT'] ?? '9090'),
      targets,
    });
    process.stdout.write(
      `Prometheus: ${url}\n  targets: ${url}/targets (${targets.map((t) => `${t.service} ${t.address}`).join(', ')})\n  alerts:  ${url}/alerts\n  stop:    npm run ops:down\n`,
    );
    return;
  }
  if (command === 'down') {
    process.stdout.write(
      (await stopPrometheus(stateDir)) ? 'Prometheus stopped\n' : 'Prometheus was not running\n',
    );
    return;
  }
  process.stderr.write('usage: npm run ops:up | npm run ops:down\n');
  process.exitCode = 2;
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
