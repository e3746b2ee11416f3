// What an API error says, read from RFC 9457 problem+json (and from the older Nest shape, which
// some services may still send): status, title, detail, the correlation id for support, and each
// field's problem keyed by its path in the request body ("people.harmed.0.name").

export interface FieldProblem {
  /** Dotted path of the field in the request body, e.g. `people.harmed.0.name`. */
  readonly field: string;
  readonly message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly correlationId: string | undefined,
    readonly fieldProblems: readonly FieldProblem[],
    readonly retryAfterSeconds: number | undefined,
    readonly code: string | undefined,
  ) {
    super(detail ?? title);
    this.name = 'ApiProblem';
  }
}

/** A JSON pointer (`/people/harmed/0/name`) or a dotted path, as a dotted path. */
export function fieldPath(pointerOrPath: string): string {
  const trimmed = pointerOrPath.replace(/^#/, '');
  if (!trimmed.startsWith('/')) return trimmed;
  return trimmed
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

type Json = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function fieldProblemsOf(body: Json): FieldProblem[] {
  const list = Array.isArray(body['errors'])
    ? body['errors']
    : Array.isArray(body['invalidParams'])
      ? body['invalidParams']
      : [];
  const problems: FieldProblem[] = [];
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const item = entry as Json;
    const where =
      text(item['pointer']) ??
      text(item['parameter']) ??
      text(item['header']) ??
      text(item['field']) ??
      text(item['name']) ??
      '';
    const messages = Array.isArray(item['problems'])
      ? (item['problems'] as unknown[]).filter((m): m is string => typeof m === 'string')
      : [text(item['detail']) ?? text(item['message']) ?? text(item['reason']) ?? ''];
    for (const message of messages) problems.push({ field: fieldPath(where), message });
  }
  return problems;
}

export async function problemFrom(response: Response): Promise<ApiProblem> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, say): the status alone speaks.
  }
  return problemOf(response, parsed);
}

/** The problem a failed answer states: its status and headers, and its parsed body when JSON. */
export function problemOf(response: Response, parsed: unknown): ApiProblem {
  const body: Json = typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
  const retryAfter = Number(response.headers.get('retry-after'));
  const message = body['message'];
  return new ApiProblem(
    response.status,
    text(body['title']) ?? text(body['error']) ?? response.statusText,
    text(body['detail']) ?? (Array.isArray(message) ? message.join('; ') : text(message)),
    text(body['correlationId']) ?? response.headers.get('x-correlation-id') ?? undefined,
    fieldProblemsOf(body),
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    text(body['code']),
  );
}
