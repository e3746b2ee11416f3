// `npm run openapi` writes docs/openapi.json — the document the gateway serves at /api/openapi.json —
// from the services' own controllers and DTOs, each service built in Nest's preview mode (nothing
// connects); `-- --check` fails when the committed document differs (run by `npm test`).
import { resolve } from 'node:path';
import { UPSTREAM_NAMES } from '@accord/contracts';
import { serviceOpenApiDocument, type ServiceDefinition } from '@accord/platform';
import { mergeOpenApi, type OpenApiDocument } from '../services/gateway/src/api-docs/merge-openapi';
import type { Upstream } from '../services/gateway/src/routing/upstream-routes';
import { writeOrCheck } from './generated-file';
import { serviceExport } from './manifest/service-sources';

/** The merged document of every service, as the gateway serves it when all of them answer. */
export async function generatedOpenApi(): Promise<OpenApiDocument> {
  const documents = [];
  for (const service of UPSTREAM_NAMES as Upstream[]) {
    const definition = serviceExport<ServiceDefinition>(service, 'service');
    documents.push({ service, document: (await serviceOpenApiDocument(definition)) as OpenApiDocument });
  }
  return mergeOpenApi(documents, []);
}

if (require.main === module) {
  generatedOpenApi()
    .then((document) =>
      writeOrCheck(
        resolve(__dirname, '..', 'docs', 'openapi.json'),
        `${JSON.stringify(document, null, 2)}\n`,
        'npm run openapi',
        'the services’ controllers and DTOs',
      ),
    )
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
