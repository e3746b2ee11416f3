import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@accord/contracts';
import { publishInstances, serviceTargets, withdrawInstances, type ScrapeTarget } from './prometheus';

const replicas: ScrapeTarget[] = [
  { service: 'gateway', address: '127.0.0.1:3000' },
  { service: 'screening', address: '127.0.0.1:3002' },
  { service: 'screening', address: '127.0.0.1:3102' },
  { service: 'screening', address: '127.0.0.1:3202' },
];

/** A pid that surely ran and ended. */
const endedPid = (): number => spawnSync(process.execPath, ['-e', '']).pid as number;

const fileSd = (stateRoot: string): Array<{ targets: string[]; labels: { service: string } }> =>
  JSON.parse(readFileSync(join(stateRoot, 'prometheus', 'targets.json'), 'utf8'));

describe('Prometheus targets: every running instance, replicas included', () => {
  let stateRoot: string;
  beforeEach(() => {
    stateRoot = mkdtempSync(join(tmpdir(), 'accord-targets-'));
  });

  it('scrapes each service at its port variable or default port when nothing was published', () => {
    const targets = serviceTargets(stateRoot, { ACCORD_SCREENING_PORT: '4002' });
    expect(targets.map((t) => t.service)).toEqual([...SERVICE_NAMES]);
    expect(targets).toContainEqual({ service: 'screening', address: '127.0.0.1:4002' });
  });

  it('scrapes what a running npm start published, each replica on its own port', () => {
    publishInstances(stateRoot, process.pid, replicas);
    expect(serviceTargets(stateRoot, {})).toEqual(replicas);
  });

  it('ignores what an npm start that has ended published', () => {
    publishInstances(stateRoot, endedPid(), replicas);
    expect(serviceTargets(stateRoot, {}).filter((t) => t.service === 'screening')).toHaveLength(1);
  });

  it('moves a running Prometheus to the published instances and back once they are withdrawn', () => {
    mkdirSync(join(stateRoot, 'prometheus'));
    writeFileSync(join(stateRoot, 'prometheus', 'targets.json'), '[]');
    publishInstances(stateRoot, process.pid, replicas);
    expect(
      fileSd(stateRoot)
        .filter((t) => t.labels.service === 'screening')
        .flatMap((t) => t.targets),
    ).toEqual(['127.0.0.1:3002', '127.0.0.1:3102', '127.0.0.1:3202']);
    withdrawInstances(stateRoot, {});
    expect(fileSd(stateRoot)).toHaveLength(SERVICE_NAMES.length);
    expect(serviceTargets(stateRoot, {})).toHaveLength(SERVICE_NAMES.length);
  });

  it('leaves Prometheus alone where none was started', () => {
    publishInstances(stateRoot, process.pid, replicas);
    expect(() => readFileSync(join(stateRoot, 'prometheus', 'targets.json'))).toThrow();
  });
});
