import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
} from 'kafkajs';
import {
  consumerGroup,
  serviceDeclaration,
  SERVICE_NAMES,
  topics,
  type ServiceName,
} from '@accord/contracts';
import type { KafkaConnection } from './kafka-connection';

/** What one identity may do on the broker: an allow-list; anything not in it is refused. */
export interface AccessRule {
  readonly resource: 'topic' | 'group';
  readonly name: string;
  /** `prefixed`: every name starting with `name`. */
  readonly pattern: 'literal' | 'prefixed';
  readonly operations: readonly ('read' | 'write')[];
}

/** The broker's super user: it provisions topics and ACLs, and nothing else runs as it. */
export const KAFKA_ADMIN_USER = 'admin';
/** The identity of `npm run dlq`. */
export const KAFKA_DLQ_USER = 'dlq';
/** Consumer groups of `npm run dlq` (one per run, never committed to). */
export const DLQ_READER_GROUP_PREFIX = 'accord.dlq-reader.';

/** Each service's Kafka user is its name; one per service plus the DLQ tool (and the admin). */
export const kafkaUsers = (): string[] => [...SERVICE_NAMES, KAFKA_DLQ_USER];

/** The topics Accord provisions: each publisher's events topic, each listener's retry and dead-letter topics. */
export function accordTopics(): string[] {
  return SERVICE_NAMES.flatMap((service) => [
    ...(serviceDeclaration(service).publishes ? [topics.events(service)] : []),
    ...(serviceDeclaration(service).hears.length > 0 ? [topics.retry(service), topics.dlq(service)] : []),
  ]);
}

const topic = (name: string, ...operations: AccessRule['operations']): AccessRule => ({
  resource: 'topic',
  name,
  pattern: 'literal',
  operations,
});

/**
 * A service (its relay and its consumer): produces only to its own topic, reads only the topics it
 * hears, redelivers through its own retry topic, parks in its own dead-letter topic, and joins only
 * its own consumer group.
 */
export function serviceAccess(service: ServiceName): AccessRule[] {
  const declaration = serviceDeclaration(service);
  const heard = declaration.hears as readonly ServiceName[];
  return [
    ...(declaration.publishes ? [topic(topics.events(service), 'write')] : []),
    ...heard.map((name) => topic(topics.events(name), 'read')),
    ...(heard.length > 0
      ? [
          topic(topics.retry(service), 'read', 'write'),
          topic(topics.dlq(service), 'write'),
          {
            resource: 'group' as const,
            name: consumerGroup(service),
            pattern: 'literal' as const,
            operations: ['read' as const],
          },
        ]
      : []),
  ];
}

/** `npm run dlq`: reads every dead-letter topic, re-drives into the matching retry topic. */
export function dlqToolAccess(): AccessRule[] {
  return [
    ...SERVICE_NAMES.filter((service) => serviceDeclaration(service).hears.length > 0).flatMap((service) => [
      topic(topics.dlq(service), 'read'),
      topic(topics.retry(service), 'write'),
    ]),
    { resource: 'group', name: DLQ_READER_GROUP_PREFIX, pattern: 'prefixed', operations: ['read'] },
  ];
}

/** Every identity's rules: each service's, and the DLQ tool's. */
export function accessPlan(): Record<string, AccessRule[]> {
  return {
    ...Object.fromEntries(SERVICE_NAMES.map((service) => [service, serviceAccess(service)])),
    [KAFKA_DLQ_USER]: dlqToolAccess(),
  };
}

function aclEntries(user: string, rules: readonly AccessRule[]): AclEntry[] {
  return rules.flatMap((rule) =>
    rule.operations.map((operation) => ({
      principal: `User:${user}`,
      host: '*',
      operation: operation === 'read' ? AclOperationTypes.READ : AclOperationTypes.WRITE,
      permissionType: AclPermissionTypes.ALLOW,
      resourceType: rule.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
      resourceName: rule.name,
      resourcePatternType:
        rule.pattern === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
    })),
  );
}

const aclKey = (entry: AclEntry): string =>
  [
    entry.resourceType,
    entry.resourceName,
    entry.resourcePatternType,
    entry.operation,
    entry.permissionType,
    entry.host,
  ].join('|');

/**
 * As the admin: creates Accord's topics, then gives each identity exactly its plan: missing ACLs
 * are added first, then ACLs it no longer needs removed (a running service never loses what it
 * keeps). Idempotent. Returns the number of ACLs in force for the plan.
 */
export async function applyAccessPlan(
  connection: KafkaConnection,
  plan: Record<string, readonly AccessRule[]> = accessPlan(),
): Promise<number> {
  await connection.ensureTopics(accordTopics());
  const admin = await connection.admin();
  let count = 0;
  for (const [user, rules] of Object.entries(plan)) {
    const principal = `User:${user}`;
    const wanted = aclEntries(user, rules);
    if (wanted.length > 0) await admin.createAcls({ acl: wanted });
    count += wanted.length;
    const keep = new Set(wanted.map(aclKey));
    const { resources } = await admin.describeAcls({
      principal,
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const stale = resources.flatMap(({ acls, ...resource }) =>
      acls.map((acl) => ({ ...resource, ...acl })).filter((entry) => !keep.has(aclKey(entry))),
    );
    if (stale.length > 0) await admin.deleteAcls({ filters: stale });
  }
  return count;
}
