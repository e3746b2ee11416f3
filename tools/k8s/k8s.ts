// `npm run k8s` writes deploy/k8s/base/accord.yaml from the service manifest
// (libs/contracts/src/service-manifest.ts); `-- --check` fails when the committed file differs
// (`npm run test:deploy`, part of `npm test`). The objects are typed with the kubernetes-models and
// @kubernetes-models/keda interfaces, so a misspelt field fails the typecheck; the rendered overlays
// are validated against the same packages' schemas. Overlays (deploy/k8s/overlays) are hand-written.
import { resolve } from 'node:path';
import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import {
  consumerGroup,
  SERVICE_NAMES,
  SERVICES,
  serviceDeclaration,
  serviceUrlVariable,
  TOPIC_PARTITIONS,
  topics,
  UPSTREAM_NAMES,
  type ServiceName,
} from '@accord/contracts';
import { writeOrCheck } from '../generated-file';
import { resourcesOf } from './resources';

const target = resolve(__dirname, '..', '..', 'deploy', 'k8s', 'base', 'accord.yaml');

/** The one image (Dockerfile): SERVICE picks the process. Overlays set registry and tag (`images:`). */
const IMAGE = 'accord';
const CONFIG = 'accord-config';
/** Created outside the manifests (see deploy/k8s/README.md); referenced, never written here. */
const SECRETS = 'accord-secrets';
/** Kubernetes Service port of every service; the container listens on the manifest's port. */
const SERVICE_PORT = 80;
/** SHUTDOWN_TIMEOUT_MS (10 s) plus the time endpoints take to drop the pod. */
const TERMINATION_GRACE_SECONDS = 20;
/** Consumer lag per partition at which KEDA adds a replica. */
const LAG_THRESHOLD = '50';

const labels = (service: string) => ({
  'app.kubernetes.io/name': service,
  'app.kubernetes.io/part-of': 'accord',
});
const selector = (service: string) => ({ 'app.kubernetes.io/name': service });

const secretEnv = (name: string, key = name): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: SECRETS, key } },
});

/** A key of the secret only a rotation adds: the pod starts without it. */
const optionalSecretEnv = (name: string): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: SECRETS, key: name, optional: true } },
});

/** A service connects as its own PostgreSQL role (ADR 0005): `INTAKE_DATABASE_URL` in the secret. */
const databaseUrl = (service: ServiceName): IEnvVar =>
  secretEnv('DATABASE_URL', serviceUrlVariable(service).replace(/_URL$/, '_DATABASE_URL'));

/** Hardened defaults for every container: non-root, read-only root, no privileges. */
const containerSecurity: IContainer['securityContext'] = {
  runAsNonRoot: true,
  runAsUser: 1000,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function podSpec(containers: IContainer[], extra: Partial<IPodSpec> = {}): IPodSpec {
  return {
    automountServiceAccountToken: false,
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    volumes: [{ name: 'tmp', emptyDir: {} }],
    containers,
    ...extra,
  };
}

const node = (script: string, args: string[] = []): string[] => [
  'node',
  '-r',
  './tools/register-aliases.cjs',
  script,
  ...args,
];

function config(): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG, labels: { 'app.kubernetes.io/part-of': 'accord' } },
    data: {
      KAFKA_BROKERS: 'kafka:9092',
      // The platform operator's OpenID issuer, the root of trust (docs/adr/0007): every overlay must
      // set its own (`.invalid` is a name that never resolves, so a forgotten one fails loudly).
      AUTH_PLATFORM_ISSUER: 'https://set-your-platform-issuer.invalid/',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      // Where the gateway finds each upstream: its Kubernetes Service.
      ...Object.fromEntries(UPSTREAM_NAMES.map((name) => [serviceUrlVariable(name), `http://${name}`])),
    },
  };
}

/** Event-store migrations, run once before the services (they wait for it in an init container). */
function migrationJob(): IJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'accord-migrate',
      labels: labels('accord-migrate'),
      annotations: {
        // GitOps tools run it before the Deployments; plain `kubectl apply` relies on the init containers.
        'argocd.argoproj.io/hook': 'PreSync',
        'helm.sh/hook': 'pre-install,pre-upgrade',
      },
    },
    spec: {
      backoffLimit: 6,
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels: labels('accord-migrate') },
        spec: podSpec(
          [
            {
              name: 'migrate',
              image: IMAGE,
              command: node('dist/tools/migrate.js'),
              // The operator's URL (a role that may create roles) and the secret every service role's
              // password derives from (ADR 0005): provisioning, then every migration as the owner.
              env: [secretEnv('DATABASE_URL'), secretEnv('ACCORD_CREDENTIALS_SECRET')],
              resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { memory: '192Mi' } },
              securityContext: containerSecurity,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          { restartPolicy: 'OnFailure' },
        ),
      },
    },
  };
}

function deployment(service: ServiceName): IDeployment {
  const { port, sealer } = serviceDeclaration(service);
  const { requests, limits } = resourcesOf(service);
  const probe = { httpGet: { path: '/health', port: 'http' }, timeoutSeconds: 3 };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: service, labels: labels(service) },
    spec: {
      // An autoscaler owns the count of an autoscaled Deployment; a fixed count here would fight it.
      ...(autoscaler(service) ? {} : { replicas: 1 }),
      revisionHistoryLimit: 3,
      selector: { matchLabels: selector(service) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labels(service),
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(port),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: podSpec(
          [
            {
              name: service,
              image: IMAGE,
              ports: [{ name: 'http', containerPort: port }],
              env: [
                { name: 'SERVICE', value: service },
                { name: 'PORT', value: String(port) },
                databaseUrl(service),
                secretEnv('EVENT_STORE_MASTER_KEY'),
                // After a rotation (docs/operations.md, "Rotating keys"): the keys older data was written with.
                optionalSecretEnv('EVENT_STORE_RETIRED_MASTER_KEYS'),
                // Only where the sealer runs: no other service holds the signing key; older checkpoints
                // verify with the public halves of the keys a rotation replaced.
                ...(sealer
                  ? [secretEnv('SEAL_SIGNING_KEY'), optionalSecretEnv('SEAL_RETIRED_PUBLIC_KEYS')]
                  : []),
              ],
              envFrom: [{ configMapRef: { name: CONFIG } }],
              resources: { requests: { ...requests }, limits: { ...limits } },
              // /health makes real round trips to PostgreSQL and Kafka: start-up may wait for them,
              // readiness drops a replica that lost them, liveness restarts only after a long outage.
              startupProbe: { ...probe, periodSeconds: 2, failureThreshold: 60 },
              readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { ...probe, periodSeconds: 10, failureThreshold: 6 },
              securityContext: containerSecurity,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          {
            terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
            initContainers: [
              {
                name: 'wait-for-migrations',
                image: IMAGE,
                command: node('dist/tools/migrate.js', ['--wait']),
                env: [databaseUrl(service)],
                resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } },
                securityContext: containerSecurity,
              },
            ],
          },
        ),
      },
    },
  };
}

function kubernetesService(service: ServiceName): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: service, labels: labels(service) },
    spec: {
      selector: selector(service),
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 'http' }],
    },
  };
}

function disruptionBudget(service: ServiceName): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: service, labels: labels(service) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(service) } },
  };
}

/**
 * Who may talk to whom: every service reaches PostgreSQL, Kafka and DNS; the gateway reaches its
 * upstreams; only the gateway (and Prometheus, for /metrics) reaches a service. PostgreSQL and
 * Kafka are found by the labels `accord.io/dependency: postgresql|kafka` (deploy/k8s/README.md).
 */
function networkPolicy(service: ServiceName): INetworkPolicy {
  const dependency = (name: string, port: number): INetworkPolicyEgressRule => ({
    to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'accord.io/dependency': name } } }],
    ports: [{ protocol: 'TCP', port }],
  });
  const upstreams: INetworkPolicyEgressRule[] =
    service === 'gateway'
      ? UPSTREAM_NAMES.map((name) => ({
          to: [{ podSelector: { matchLabels: selector(name) } }],
          ports: [{ protocol: 'TCP', port: SERVICES[name].port }],
        }))
      : [];
  const prometheus: INetworkPolicyPeer = {
    namespaceSelector: {},
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: service, labels: labels(service) },
    spec: {
      podSelector: { matchLabels: selector(service) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          // The gateway is the edge: anyone may reach it (its ingress controller, in practice).
          ...(service === 'gateway'
            ? {}
            : { from: [{ podSelector: { matchLabels: selector('gateway') } }, prometheus] }),
          ports: [{ protocol: 'TCP', port: SERVICES[service].port }],
        },
      ],
      egress: [
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        dependency('postgresql', 5432),
        dependency('kafka', 9092),
        ...upstreams,
      ],
    },
  };
}

/** The migration Job reaches only PostgreSQL (and DNS). */
function migrationNetworkPolicy(): INetworkPolicy {
  const base = networkPolicy('audit');
  return {
    ...base,
    metadata: { name: 'accord-migrate', labels: labels('accord-migrate') },
    spec: {
      podSelector: { matchLabels: selector('accord-migrate') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: (base.spec?.egress ?? []).filter((rule) => !rule.ports?.some((p) => p.port === 9092)),
    },
  };
}

/** The gateway scales on CPU: it does no Kafka work, only HTTP. */
function gatewayAutoscaler(): IHorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'gateway', labels: labels('gateway') },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' },
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    },
  };
}

/**
 * A consumer scales on its group's lag, one trigger per topic it hears; never beyond the
 * partitions of a topic (more members than partitions sit idle).
 */
function lagScaler(service: ServiceName): IScaledObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: service, labels: labels(service) },
    spec: {
      scaleTargetRef: { name: service },
      minReplicaCount: 1,
      maxReplicaCount: TOPIC_PARTITIONS,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: serviceDeclaration(service).hears.map((heard) => ({
        type: 'kafka',
        name: `lag-${heard}`,
        metadata: {
          bootstrapServersFromEnv: 'KAFKA_BROKERS',
          consumerGroup: consumerGroup(service),
          topic: topics.events(heard as ServiceName),
          lagThreshold: LAG_THRESHOLD,
          allowIdleConsumers: 'false',
          offsetResetPolicy: 'earliest',
        },
      })),
    },
  };
}

/** The gateway scales on CPU, a consumer on its lag; audit (neither) runs a fixed count. */
function autoscaler(service: ServiceName): IHorizontalPodAutoscaler | IScaledObject | null {
  if (service === 'gateway') return gatewayAutoscaler();
  return serviceDeclaration(service).hears.length > 0 ? lagScaler(service) : null;
}

function objects(): object[] {
  return [
    config(),
    migrationJob(),
    migrationNetworkPolicy(),
    ...SERVICE_NAMES.flatMap((service) => [
      deployment(service),
      kubernetesService(service),
      disruptionBudget(service),
      networkPolicy(service),
      ...[autoscaler(service)].filter((object) => object !== null),
    ]),
  ];
}

const header = `# Generated by \`npm run k8s\` from libs/contracts/src/service-manifest.ts (tools/k8s/k8s.ts): do not edit by hand.
# The Kustomize base of every overlay in deploy/k8s/overlays; see deploy/k8s/README.md.
`;

async function main(): Promise<void> {
  const text =
    header +
    objects()
      .map((object) => `---\n${stringify(object, { lineWidth: 0 })}`)
      .join('');
  const options = (await resolveConfig(target)) ?? {};
  writeOrCheck(
    target,
    await format(text, { ...options, filepath: target }),
    'npm run k8s',
    'the service manifest',
  );
}

void main();
