import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@accord/contracts';

/**
 * Command metadata for specs: who (`actor`, with `roles`), for which agency, when; a fresh cause
 * each time (a runner decides each cause once per stream).
 */
export function metadataOf(
  actor: string,
  context: { readonly now: string; readonly agency?: string; readonly roles?: readonly string[] },
): CommandMetadata {
  return {
    actor: { id: actor, roles: context.roles ?? [] },
    ...(context.agency !== undefined ? { agency: context.agency } : {}),
    now: context.now,
    correlationId: 'spec-correlation',
    causationId: randomUUID(),
  };
}
