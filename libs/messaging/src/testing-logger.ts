import type { MessagingLogger } from './kafka-connection';

/** A logger that records entries, for tests that assert on what was logged (or want silence). */
export function recordingLogger(): MessagingLogger & {
  entries: Array<{ level: string; fields: object; message?: string }>;
} {
  const entries: Array<{ level: string; fields: object; message?: string }> = [];
  const record = (level: string) => (fields: object, message?: string) =>
    void entries.push({ level, fields, message });
  return {
    entries,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
  };
}
