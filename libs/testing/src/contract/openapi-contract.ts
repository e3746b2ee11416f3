import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Media = Record<string, { schema?: unknown }>;
interface Operation {
  responses?: Record<string, { $ref?: string; content?: Media }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { responses?: Record<string, { content?: Media }> };
}

const DOCUMENT = resolve(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json');

/** A path template of the document as a pattern: `/api/cases/{caseId}/state` → one segment per parameter. */
const templatePattern = (template: string): RegExp =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);

/**
 * Checks answers against the committed OpenAPI document (docs/openapi.json): the status must be
 * one the operation documents, and a JSON body must match the schema documented for it. An
 * answer to a path the document does not describe (health, metrics, test-only routes) is not its business.
 */
export class OpenApiContract {
  private readonly document: Document;
  private readonly ajv: Ajv;
  private readonly routes: { pattern: RegExp; template: string }[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(path = DOCUMENT) {
    this.document = JSON.parse(readFileSync(path, 'utf8')) as Document;
    // OpenAPI 3.0 schemas: `nullable` and `example` are theirs, not JSON Schema's.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.document as object, 'openapi');
    this.routes = Object.keys(this.document.paths)
      .map((template) => ({ template, pattern: templatePattern(template) }))
      // Literal segments before parameters: /api/referrals/changes before /api/referrals/{caseId}.
      .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  /** What is wrong with this answer, or undefined when the document describes it. */
  violation(
    method: string,
    path: string,
    status: number,
    contentType: string,
    body: string,
  ): string | undefined {
    const route = this.routes.find(({ pattern }) => pattern.test(path));
    const operation = route && this.document.paths[route.template]?.[method.toLowerCase()];
    if (!route || !operation) return undefined;
    const where = `${method.toUpperCase()} ${route.template} → ${status}`;
    const declared = operation.responses?.[String(status)];
    if (!declared) return `${where}: the document does not declare this status`;
    const response = declared.$ref
      ? this.document.components?.responses?.[declared.$ref.replace('#/components/responses/', '')]
      : declared;
    const mediaType = contentType.split(';')[0]?.trim() ?? '';
    if (!/json$/.test(mediaType) || body === '') return undefined;
    const media = response?.content?.[mediaType];
    if (!media) {
      if (response?.content && Object.keys(response.content).length > 0)
        return `${where}: answered ${mediaType}, the document declares ${Object.keys(response.content).join(', ')}`;
      return undefined;
    }
    const pointer = declared.$ref
      ? `openapi#/components/responses/${declared.$ref.replace('#/components/responses/', '')}/content/${mediaType.replace('/', '~1')}/schema`
      : `openapi#/paths/${route.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/${mediaType.replace('/', '~1')}/schema`;
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: pointer });
      this.validators.set(pointer, validate);
    }
    // NDJSON: the documented schema is each line's.
    const documents = /ndjson$/.test(mediaType) ? body.split('\n').filter((line) => line !== '') : [body];
    for (const [index, document] of documents.entries()) {
      let json: unknown;
      try {
        json = JSON.parse(document);
      } catch {
        return `${where}: the body is not JSON`;
      }
      if (!validate(json)) {
        const dataVar = documents.length > 1 ? `line ${index + 1}` : 'body';
        return `${where}: the body does not match the document: ${this.ajv.errorsText(validate.errors, { dataVar })}`;
      }
    }
    return undefined;
  }
}
