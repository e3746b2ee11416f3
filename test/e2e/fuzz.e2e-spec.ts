import fc from 'fast-check';
import { SERVICE_NAMES, type ServiceName } from '@accord/contracts';
import {
  bodyFor,
  pathFor,
  testToken,
  writeOperations,
  type FuzzedDocument,
  type WriteOperation,
} from '@accord/testing';
import { useFleet } from './fleet';

/**
 * No 5xx for anything a client sends: every write route of every service's OpenAPI document gets
 * bodies generated from its schema (and wrong in the ways clients are wrong: NUL characters, lone
 * surrogates, arrays for objects, 20,000 levels of nesting, no JSON at all), through the gateway
 * and straight to the service, with a token holding every role. Bounded: FUZZ_RUNS per route.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? '12');

describe('fuzzing every write route', () => {
  const handle = useFleet();

  it('answers every generated request below 500', async () => {
    const token = await testToken({
      agency: 'rj-service-north',
      roles: ['referrer', 'screener', 'consent-officer', 'facilitator', 'case-worker', 'admin'],
    });
    const knownIds = [await handle.driver.submit()];
    const failures: string[] = [];
    let sent = 0;
    const services = SERVICE_NAMES.filter(
      (name): name is Exclude<ServiceName, 'gateway'> => name !== 'gateway',
    );
    for (const service of services) {
      const response = await fetch(`${handle.fleet.urls[service]}/openapi.json`);
      const document = (await response.json()) as FuzzedDocument;
      for (const operation of writeOperations(document)) {
        await fc.assert(
          fc.asyncProperty(
            pathFor(operation, knownIds),
            bodyFor(operation, document),
            fc.boolean(),
            async (path, body, viaGateway) => {
              const base = viaGateway ? handle.fleet.urls.gateway : handle.fleet.urls[service];
              const answer = await send(base, operation, path, body, token);
              sent++;
              if (answer.status >= 500)
                failures.push(
                  `${operation.method} ${path} (${service}) → ${answer.status} ${answer.text.slice(0, 200)} for ${body.slice(0, 200)}`,
                );
              return true;
            },
          ),
          { numRuns: RUNS, seed: Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31) },
        );
      }
    }
    expect(sent).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});

async function send(
  base: string,
  operation: WriteOperation,
  path: string,
  body: string,
  token: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${path}`, {
    method: operation.method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}
