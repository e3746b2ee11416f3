import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Swagger UI's files, served from the npm package itself: no CDN, the page works offline. */
const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'));

/** The assets the page loads, by the name it asks for, with their media type. */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export function docsAsset(name: string): Buffer {
  return readFileSync(join(SWAGGER_UI, name));
}

/** Starts Swagger UI on the merged document; a file of its own, so the page needs no inline script. */
export const DOCS_INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    validatorUrl: null,
  });
});
`;

/** The API reference page at /api/docs. */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Accord API reference</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" />
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <p style="font-family: sans-serif; margin: 1em 2em">
      Raw documents: <a href="/api/openapi.json">OpenAPI (HTTP API)</a> ·
      <a href="/api/asyncapi.json">AsyncAPI (Kafka events)</a>
    </p>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;
