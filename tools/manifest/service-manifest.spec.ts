import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
import {
  isServiceName,
  migrationsFolder,
  routePattern,
  SERVICE_NAMES,
  serviceDeclaration,
  type ServiceName,
} from '@accord/contracts';
import type { ServiceDefinition } from '@accord/platform';
import { SERVICE_PROJECTIONS } from '../rebuild/registry';
import { serviceExport } from './service-sources';

/** Every controller a module declares, its own and its imported modules'. */
function controllersOf(module: Type<unknown>, seen = new Set<unknown>()): Type<unknown>[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const own = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? []) as Type<unknown>[];
  const imported = ((Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) ?? []) as unknown[])
    .map((entry) => (typeof entry === 'function' ? entry : (entry as { module?: unknown }).module))
    .filter((entry): entry is Type<unknown> => typeof entry === 'function');
  return [...own, ...imported.flatMap((entry) => controllersOf(entry, seen))];
}

const asList = (path: unknown): string[] => (Array.isArray(path) ? path.map(String) : [String(path ?? '')]);
const join = (...parts: string[]): string =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every HTTP route of a service's own module, as `/api/cases/:caseId/consent` (message handlers have none). */
function httpRoutes(service: ServiceName): string[] {
  const { module } = serviceExport<ServiceDefinition>(service, 'service');
  return controllersOf(module).flatMap((controller) => {
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .map((key) => prototype[key])
      .filter((handler) => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
      .flatMap((handler) =>
        prefixes.flatMap((prefix) =>
          asList(Reflect.getMetadata(PATH_METADATA, handler as object)).map((path) => join(prefix, path)),
        ),
      );
  });
}

const pipeline = SERVICE_NAMES.filter((service) => service !== 'gateway');

describe('the service manifest', () => {
  it.each(SERVICE_NAMES)('%s hears only services that publish', (service) => {
    for (const heard of serviceDeclaration(service).hears) {
      expect(isServiceName(heard) && serviceDeclaration(heard).publishes).toBe(true);
    }
  });

  it('gives every service its own port', () => {
    const ports = SERVICE_NAMES.map((service) => serviceDeclaration(service).port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('gives no route prefix to two services', () => {
    for (const service of SERVICE_NAMES)
      for (const other of SERVICE_NAMES.filter((name) => name !== service))
        for (const prefix of serviceDeclaration(service).routes)
          expect({
            prefix,
            answeredBy: other,
            matched: serviceDeclaration(other).routes.some((p) => routePattern(p).test(prefix)),
          }).toEqual({ prefix, answeredBy: other, matched: false });
  });

  it.each(pipeline)('%s: every HTTP route lies under a route prefix it declares', (service) => {
    const routes = httpRoutes(service);
    expect(routes.length).toBeGreaterThan(0);
    const patterns = serviceDeclaration(service).routes.map(routePattern);
    expect(routes.filter((route) => !patterns.some((pattern) => pattern.test(route)))).toEqual([]);
  });

  it.each(pipeline)('%s: its definition and projections are the ones the manifest names', (service) => {
    expect(serviceExport<ServiceDefinition>(service, 'service').name).toBe(service);
    expect(Object.keys(SERVICE_PROJECTIONS[service]?.projections ?? {}).sort()).toEqual(
      [...serviceDeclaration(service).projections].sort(),
    );
  });

  it.each(SERVICE_NAMES)(
    '%s keeps read models, with migrations, exactly where the manifest says',
    (service) => {
      const folder = migrationsFolder(service);
      expect(serviceExport<ServiceDefinition>(service, 'service').readModels !== undefined).toBe(
        folder !== null,
      );
      if (folder) expect(existsSync(resolve(__dirname, '..', '..', folder))).toBe(true);
    },
  );
});
