#!/usr/bin/env node
// `npm run test:deploy` (part of `npm test`): what ships under deploy/ is checked offline.
//   1. Prometheus rules: `promtool check rules`, then `promtool test rules` (a unit test per alert).
//   2. The rules and the Grafana dashboard (deploy/grafana) use only metric names the code exports.
//   3. Kubernetes: deploy/k8s/base matches its generator (`npm run k8s -- --check`), and every overlay
//      renders with `kubectl kustomize` and validates against the Kubernetes and KEDA schemas that
//      the npm packages kubernetes-models and @kubernetes-models/keda ship (nothing is downloaded),
//      and each service's container gets every setting its config requires (tools/k8s/check-settings.ts).
// promtool and kubectl come from Debian when missing (infra/debian/ensure.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const failures = [];
let passed = 0;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  return {
    ok: result.status === 0,
    out: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    stdout: result.stdout ?? '',
  };
}

function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`  ok   ${name}`);
  } else {
    failures.push(name);
    console.log(`  FAIL ${name}\n${detail.replace(/^/gm, '       ')}`);
  }
}

const ensure = run('bash', ['infra/debian/ensure.sh', 'promtool=prometheus', 'kubectl=kubernetes-client'], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (!ensure.ok) {
  console.error('could not install promtool/kubectl from Debian');
  process.exit(1);
}

console.log('Prometheus rules (deploy/prometheus)');
const rules = run('promtool', ['check', 'rules', 'deploy/prometheus/accord.rules.yml']);
check('promtool check rules', rules.ok, rules.out);
const tests = run('promtool', ['test', 'rules', 'accord.rules.test.yml'], {
  cwd: resolve(root, 'deploy/prometheus'),
});
check('promtool test rules', tests.ok, tests.out);
const ruleFile = parseAllDocuments(
  readFileSync(resolve(root, 'deploy/prometheus/accord.rules.yml'), 'utf8'),
)[0].toJSON();
const alerts = ruleFile.groups.flatMap((group) =>
  group.rules.filter((rule) => rule.alert).map((rule) => rule.alert),
);
const testFile = readFileSync(resolve(root, 'deploy/prometheus/accord.rules.test.yml'), 'utf8');
const untested = alerts.filter((alert) => !new RegExp(`alertname: ${alert}\\b`).test(testFile));
check(
  `every alert has a unit test (${alerts.length} alerts)`,
  untested.length === 0,
  `untested: ${untested.join(', ')}`,
);
const runbook = existsSync(resolve(root, 'docs/operations.md'))
  ? readFileSync(resolve(root, 'docs/operations.md'), 'utf8')
  : '';
const noRunbook = alerts.filter((alert) => !runbook.includes(`### ${alert}`));
check(
  'every alert has a runbook entry in docs/operations.md',
  noRunbook.length === 0,
  `missing: ${noRunbook.join(', ')}`,
);

console.log('Metric names');
/** What the code exports: every `accord_…` name its sources declare, and prom-client's process/Node.js defaults. */
const sources = run('git', [
  'grep',
  '-h',
  '-o',
  '-E',
  "'accord_[a-z0-9_]+'",
  '--',
  'libs',
  'services',
  ':!*.spec.ts',
  ':!*.int-spec.ts',
]).stdout;
const exported = new Set(
  sources
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/'/g, '')),
);
const isExported = (name) =>
  name === 'up' ||
  /^accord_(process|nodejs)_/.test(name) ||
  exported.has(name) ||
  exported.has(name.replace(/_(bucket|sum|count)$/, ''));
const recorded = new Set(
  ruleFile.groups.flatMap((group) => group.rules.filter((rule) => rule.record).map((rule) => rule.record)),
);
const metricNames = (expr) =>
  [...expr.matchAll(/\b(?:[a-z_]+:[a-z0-9_]+:[a-z0-9_]+|accord_[a-z0-9_]+|up)\b/g)].map((m) => m[0]);
const ruleMetrics = ruleFile.groups.flatMap((group) => group.rules.flatMap((rule) => metricNames(rule.expr)));
const notExported = [...new Set(ruleMetrics)].filter((name) => !recorded.has(name) && !isExported(name));
check(
  'the rules use only metrics the code exports',
  notExported.length === 0,
  `not exported: ${notExported.join(', ')}`,
);
const dashboard = JSON.parse(readFileSync(resolve(root, 'deploy/grafana/accord.dashboard.json'), 'utf8'));
const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
const unknown = [...new Set(exprs.flatMap(metricNames))].filter(
  (name) => !recorded.has(name) && !isExported(name),
);
check(
  `the Grafana dashboard charts only those (${exprs.length} queries)`,
  unknown.length === 0,
  `unknown: ${unknown.join(', ')}`,
);

if (existsSync(resolve(root, 'deploy/k8s'))) {
  console.log('Kubernetes (deploy/k8s)');
  const drift = run(process.execPath, ['-r', './tools/ts-register.cjs', 'tools/k8s/k8s.ts', '--check']);
  check('deploy/k8s/base matches the service list (npm run k8s)', drift.ok, drift.out);
  const packages = [await import('kubernetes-models'), await import('@kubernetes-models/keda')];
  /** `networking.k8s.io/v1` NetworkPolicy → models.networkingK8sIo.v1.NetworkPolicy; `v1` → models.v1. */
  const modelFor = (apiVersion, kind) => {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
    const key = group?.replace(/\.([a-z])/g, (_, letter) => letter.toUpperCase());
    return packages.map((models) => (key ? models[key]?.[version] : models[version])?.[kind]).find(Boolean);
  };
  for (const overlay of readdirSync(resolve(root, 'deploy/k8s/overlays'))) {
    const rendered = run('kubectl', ['kustomize', `deploy/k8s/overlays/${overlay}`]);
    check(`${overlay}: kubectl kustomize renders`, rendered.ok, rendered.out);
    if (!rendered.ok) continue;
    const problems = [];
    const kinds = new Map();
    const objects = parseAllDocuments(rendered.stdout)
      .map((doc) => doc.toJSON())
      .filter(Boolean);
    const deployments = new Set(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name));
    for (const object of objects) {
      const name = `${object.kind}/${object.metadata?.name}`;
      kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
      const Model = modelFor(object.apiVersion, object.kind);
      if (!Model) {
        problems.push(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
        continue;
      }
      try {
        new Model(object).validate();
      } catch (error) {
        problems.push(`${name}: ${error.message}`);
      }
      // What the schemas cannot know: autoscalers point at a Deployment that exists, and every
      // service container is probed on /health three ways.
      const scaled = object.spec?.scaleTargetRef?.name;
      if (scaled !== undefined && !deployments.has(scaled))
        problems.push(`${name}: scales ${scaled}, which is not rendered`);
      for (const container of object.kind === 'Deployment' ? object.spec.template.spec.containers : []) {
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'])
          if (container[probe]?.httpGet?.path !== '/health')
            problems.push(`${name}: ${container.name} has no ${probe} on /health`);
      }
    }
    const summary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ');
    check(`${overlay}: every object validates (${summary})`, problems.length === 0, problems.join('\n'));
    const settings = run(process.execPath, ['-r', './tools/ts-register.cjs', 'tools/k8s/check-settings.ts'], {
      input: rendered.stdout,
    });
    check(`${overlay}: every service gets the settings it requires`, settings.ok, settings.out);
  }
}

console.log(`\n${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
