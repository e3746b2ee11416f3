import { dockerEngineAnswers, dockerEngineConfigured } from './support';

/** Pinned: the contract is proven against this server version when a Docker engine answers. */
export const KURRENTDB_IMAGE = 'kurrentplatform/kurrentdb:25.1.3';

export type KurrentDbSource = 'EVENTSTOREDB_URL' | 'testcontainers';

export interface KurrentDbServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Where the KurrentDB contract can run, decided without I/O (jest must know its tests up front); null: nowhere. */
export function kurrentDbSource(): KurrentDbSource | null {
  if (process.env['EVENTSTOREDB_URL']) return 'EVENTSTOREDB_URL';
  return dockerEngineConfigured() ? 'testcontainers' : null;
}

/** The server named by EVENTSTOREDB_URL, or a throw-away single-node container. */
export async function startKurrentDb(source: KurrentDbSource): Promise<KurrentDbServer> {
  const url = process.env['EVENTSTOREDB_URL'];
  if (source === 'EVENTSTOREDB_URL' && url) return { url, stop: async () => undefined };
  if (!(await dockerEngineAnswers()))
    throw new Error(
      'a Docker socket is configured but no engine answers: start Docker, set EVENTSTOREDB_URL, or ACCORD_TESTCONTAINERS=off to skip',
    );
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(KURRENTDB_IMAGE)
    .withEnvironment({
      KURRENTDB_CLUSTER_SIZE: '1',
      KURRENTDB_RUN_PROJECTIONS: 'None',
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_MEM_DB: 'true',
    })
    .withExposedPorts(2113)
    .withStartupTimeout(120_000)
    .withWaitStrategy(Wait.forHealthCheck())
    .start();
  return {
    url: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => void (await container.stop()),
  };
}
