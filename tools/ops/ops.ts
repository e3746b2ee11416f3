// `npm run ops:up`: a real Prometheus scraping every instance a running `npm start` published
// (replicas of --scale included; it follows them as they come and go), else every service of the
// service list at ACCORD_<SERVICE>_PORT or its default port, with Accord's alerting and
// recording rules loaded (deploy/prometheus); prints its URL. `npm run ops:down` stops it.
// ACCORD_PROMETHEUS_PORT (default 9090) moves it; its state lives in .accord/prometheus.
import { resolve } from 'node:path';
import { ensurePrometheusInstalled, serviceTargets, startPrometheus, stopPrometheus } from './prometheus';

const stateRoot = process.env['ACCORD_STATE_DIR'] ?? resolve(__dirname, '..', '..', '.accord');

async function main(command: string | undefined): Promise<void> {
  if (command === 'up') {
    ensurePrometheusInstalled();
    const targets = serviceTargets(stateRoot);
    const { url } = await startPrometheus({
      stateRoot,
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
      (await stopPrometheus(stateRoot)) ? 'Prometheus stopped\n' : 'Prometheus was not running\n',
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
