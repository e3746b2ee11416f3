import { SERVICE_NAMES, serviceDeclaration } from '@accord/contracts';
import type { ServiceProjections } from '@accord/platform';
import { serviceExport } from '../manifest/service-sources';

/** Every service with read models in the manifest, by name, with its `<name>.projections.ts`. */
export const SERVICE_PROJECTIONS: Readonly<Record<string, ServiceProjections>> = Object.fromEntries(
  SERVICE_NAMES.filter((service) => serviceDeclaration(service).readModels).map((service) => [
    service,
    serviceExport<ServiceProjections>(service, 'projections'),
  ]),
);
