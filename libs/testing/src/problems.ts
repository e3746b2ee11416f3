/**
 * Where a 400 problem says the request went wrong: each field error's JSON pointer, parameter or
 * header, once each, sorted, so a test can name the fields it broke.
 */
export function fieldsOf(body: unknown): string[] {
  const errors = (body as { errors?: { pointer?: string; parameter?: string; header?: string }[] }).errors;
  if (!Array.isArray(errors)) throw new Error(`not a 400 problem with errors: ${JSON.stringify(body)}`);
  return [...new Set(errors.map((error) => error.pointer ?? error.parameter ?? error.header ?? '?'))].sort();
}
