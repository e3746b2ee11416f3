import { readFileSync } from 'node:fs';

export const SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Who a process is to the broker, and how it reaches it. */
export interface KafkaSecurity {
  /** SASL/SCRAM credentials; undefined: an unauthenticated connection (a broker without SASL). */
  readonly sasl?: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: string };
  /** TLS: true trusts the system's CAs; `ca` (PEM) trusts that CA alone; undefined: plaintext. */
  readonly tls?: true | { readonly ca: string };
}

/**
 * The variables a process's Kafka identity is read from (a service gets its own from
 * .accord/identities/<service>.env; tools and tests the operator's from .accord/infra.env):
 */
export const KAFKA_SECURITY_VARIABLES = {
  username: 'KAFKA_SASL_USERNAME',
  password: 'KAFKA_SASL_PASSWORD',
  /** scram-sha-512 (default) or scram-sha-256. */
  mechanism: 'KAFKA_SASL_MECHANISM',
  /** `true`: TLS with the system's CAs. */
  tls: 'KAFKA_TLS',
  /** A PEM file: TLS trusting this CA (a self-signed development broker's certificate). */
  caFile: 'KAFKA_TLS_CA_FILE',
} as const;

/** Reads KAFKA_SASL_* and KAFKA_TLS* (see KAFKA_SECURITY_VARIABLES); throws naming a bad variable. */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  const v = KAFKA_SECURITY_VARIABLES;
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const username = value(v.username);
  const password = value(v.password);
  const mechanism = (value(v.mechanism) ?? 'scram-sha-512').toLowerCase();
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism))
    throw new Error(
      `${v.mechanism}: must be one of ${SASL_MECHANISMS.join(', ')} (got ${JSON.stringify(mechanism)})`,
    );
  if (Boolean(username) !== Boolean(password))
    throw new Error(`${v.username} and ${v.password}: set both (SASL/SCRAM) or neither`);
  const caFile = value(v.caFile);
  const tls = caFile
    ? { ca: readFileSync(caFile, 'utf8') }
    : value(v.tls) === 'true'
      ? (true as const)
      : undefined;
  return {
    ...(username && password ? { sasl: { mechanism: mechanism as SaslMechanism, username, password } } : {}),
    ...(tls ? { tls } : {}),
  };
}
