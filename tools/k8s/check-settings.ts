// What the schemas cannot know: that each service's container gets every setting the service
// requires. Reads rendered manifests (`kubectl kustomize …`) on stdin and, for every Deployment,
// loads its service's config from what the pod would see: literal env values, the ConfigMaps it
// imports, and the secret keys it references (their values are the operator's: only their
// presence is checked). Prints each missing or malformed setting; exits 1 when there is one.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { SERVICE_NAMES, type ServiceName } from '@accord/contracts';
import { ConfigError, serviceConfig, type ServiceDefinition } from '@accord/platform';
import { auditService } from '../../services/audit/src/audit.service';
import { conferencingService } from '../../services/conferencing/src/conferencing.service';
import { consentService } from '../../services/consent/src/consent.service';
import { followUpService } from '../../services/follow-up/src/follow-up.service';
import { gatewayService } from '../../services/gateway/src/gateway.service';
import { intakeService } from '../../services/intake/src/intake.service';
import { notificationsService } from '../../services/notifications/src/notifications.service';
import { screeningService } from '../../services/screening/src/screening.service';

const DEFINITIONS: Record<ServiceName, ServiceDefinition<never>> = {
  gateway: gatewayService,
  intake: intakeService,
  screening: screeningService,
  consent: consentService,
  conferencing: conferencingService,
  'follow-up': followUpService,
  notifications: notificationsService,
  audit: auditService,
} as Record<ServiceName, ServiceDefinition<never>>;

/** A secret's value stands in as this: present, but never a valid key, so only presence counts. */
const FROM_SECRET = '(from a secret)';

type Manifest = { kind?: string; metadata?: { name?: string } };

export function settingsProblems(objects: readonly Manifest[]): string[] {
  const configMaps = new Map(
    objects
      .filter((o): o is IConfigMap => o.kind === 'ConfigMap')
      .map((o) => [o.metadata?.name ?? '', o.data ?? {}]),
  );
  return objects
    .filter((o): o is IDeployment => o.kind === 'Deployment')
    .flatMap((deployment) =>
      (deployment.spec?.template.spec?.containers ?? []).flatMap((container) => {
        const fromSecrets = new Set<string>();
        const env: Record<string, string> = {};
        for (const source of container.envFrom ?? [])
          Object.assign(env, configMaps.get(source.configMapRef?.name ?? '') ?? {});
        for (const variable of container.env ?? []) {
          const secret = variable.valueFrom?.secretKeyRef;
          if (variable.value !== undefined) env[variable.name] = variable.value;
          else if (secret && secret.optional !== true) {
            env[variable.name] = FROM_SECRET;
            fromSecrets.add(variable.name);
          }
        }
        const service = env['SERVICE'];
        const where = `Deployment/${deployment.metadata?.name}`;
        if (!SERVICE_NAMES.includes(service as ServiceName)) return [`${where}: SERVICE is not a service`];
        try {
          serviceConfig(DEFINITIONS[service as ServiceName], env);
          return [];
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          return error.problems
            .filter((problem) => !fromSecrets.has(problem.slice(0, problem.indexOf(':'))))
            .map((problem) => `${where}: ${problem}`);
        }
      }),
    );
}

if (require.main === module) {
  const objects = parseAllDocuments(readFileSync(0, 'utf8')).map((doc) => doc.toJSON() as Manifest);
  const problems = settingsProblems(objects.filter(Boolean));
  process.stdout.write(problems.map((problem) => `${problem}\n`).join(''));
  process.exitCode = problems.length === 0 ? 0 : 1;
}
