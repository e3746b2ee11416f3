import { SERVICE_NAMES, serviceDeclaration, topics, type ServiceName } from '@accord/contracts';
import { accessPlan, accordTopics, dlqToolAccess, serviceAccess } from './kafka-access';

const writes = (service: ServiceName) =>
  serviceAccess(service)
    .filter((rule) => rule.resource === 'topic' && rule.operations.includes('write'))
    .map((rule) => rule.name);
const reads = (service: ServiceName) =>
  serviceAccess(service)
    .filter((rule) => rule.resource === 'topic' && rule.operations.includes('read'))
    .map((rule) => rule.name);

describe('the Kafka access plan (derived from the service manifest)', () => {
  it('lets every service write only its own topics', () => {
    for (const service of SERVICE_NAMES)
      for (const topic of writes(service)) expect(topic.startsWith(`accord.${service}.events`)).toBe(true);
  });

  it('lets every service read exactly the topics it hears, plus its own retry topic', () => {
    for (const service of SERVICE_NAMES) {
      const heard = (serviceDeclaration(service).hears as readonly ServiceName[]).map((name) =>
        topics.events(name),
      );
      const own = heard.length > 0 ? [topics.retry(service)] : [];
      expect(reads(service).sort()).toEqual([...heard, ...own].sort());
    }
  });

  it('gives screening its own topics and group, and nothing of intake but reading its events', () => {
    expect(serviceAccess('screening')).toEqual([
      { resource: 'topic', name: 'accord.screening.events', pattern: 'literal', operations: ['write'] },
      { resource: 'topic', name: 'accord.intake.events', pattern: 'literal', operations: ['read'] },
      {
        resource: 'topic',
        name: 'accord.screening.events.retry',
        pattern: 'literal',
        operations: ['read', 'write'],
      },
      { resource: 'topic', name: 'accord.screening.events.dlq', pattern: 'literal', operations: ['write'] },
      { resource: 'group', name: 'accord.screening', pattern: 'literal', operations: ['read'] },
    ]);
    expect(serviceAccess('gateway')).toEqual([]);
  });

  it('lets the DLQ tool read dead-letter topics and write retry topics only', () => {
    for (const rule of dlqToolAccess().filter((entry) => entry.resource === 'topic'))
      expect(rule.name).toMatch(rule.operations.includes('write') ? /\.events\.retry$/ : /\.events\.dlq$/);
  });

  it('covers every identity and provisions every topic a rule names', () => {
    const plan = accessPlan();
    expect(Object.keys(plan).sort()).toEqual([...SERVICE_NAMES, 'dlq'].sort());
    const named = Object.values(plan)
      .flat()
      .filter((rule) => rule.resource === 'topic')
      .map((rule) => rule.name);
    expect(accordTopics()).toEqual(expect.arrayContaining([...new Set(named)]));
  });
});
