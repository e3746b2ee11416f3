import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { serviceRoot, type ServiceName } from '@accord/contracts';

/** The files every service has beside its main.ts, by role: `<name>.<role>.ts`. */
export type ServiceFile = 'service' | 'projections';

const load = createRequire(__filename);
const camel = (service: ServiceName): string => service.replace(/-(.)/g, (_, c: string) => c.toUpperCase());
const capital = (word: string): string => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/**
 * The export of one of a service's own files, found by the naming rule rather than by a list
 * (docs/dev/adding-a-service.md): `services/follow-up/src/follow-up.projections.ts` exports
 * `followUpProjections`. Tools may read services; services never read each other.
 */
export function serviceExport<T>(service: ServiceName, file: ServiceFile): T {
  const path = resolve(__dirname, '..', '..', serviceRoot(service), 'src', `${service}.${file}`);
  const name = `${camel(service)}${capital(file)}`;
  const exported = (load(path) as Record<string, unknown>)[name];
  if (exported === undefined) throw new Error(`${path} must export ${name} (docs/dev/adding-a-service.md)`);
  return exported as T;
}
