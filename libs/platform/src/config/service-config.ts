import { Expose } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { SERVICE_NAMES, type ServiceName } from '@accord/contracts';
import { parseSealSigningKey } from '@accord/event-store';
import { WholeNumber } from './config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What every service reads from its environment. Services extend it with their own variables. */
export class ServiceConfig {
  @Expose()
  @IsIn(SERVICE_NAMES, { message: `must be one of ${SERVICE_NAMES.join(', ')}` })
  SERVICE_NAME!: ServiceName;

  @WholeNumber({ min: 1, max: 65535, outOfRange: 'must be a port between 1 and 65535' })
  PORT!: number;

  @Expose()
  @IsString()
  HOST = '0.0.0.0';

  @Expose()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/accord',
  })
  DATABASE_URL!: string;

  @Expose()
  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, {
    message: 'must be a comma-separated list of host:port, e.g. 127.0.0.1:9092',
  })
  KAFKA_BROKERS!: string;

  /** Wraps per-person keys (crypto-shredding): 32 bytes, hex or base64. */
  @Expose()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'must be 32 bytes as 64 hex digits or 44 base64 characters (openssl rand -hex 32)',
  })
  EVENT_STORE_MASTER_KEY!: string;

  /**
   * Signs the global seal's checkpoints (Ed25519): the PKCS#8 DER in base64 on one line
   * (`openssl genpkey -algorithm ed25519 -outform DER | base64`), or the PKCS#8 PEM. Required where
   * the sealer runs (see serviceConfig); other services ignore it.
   */
  @Expose()
  @IsOptional()
  @ValidateBy({
    name: 'isSealSigningKey',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && sealSigningKeyProblem(value) === null,
      defaultMessage: (args) =>
        (typeof args?.value === 'string' ? sealSigningKeyProblem(args.value) : null) ??
        'must be an Ed25519 private key',
    },
  })
  SEAL_SIGNING_KEY?: string;

  /**
   * Keep the events in KurrentDB instead of PostgreSQL (libs/event-store/README.md, "Running Accord
   * on KurrentDB"): `kurrentdb://host:2113?tls=false`. Unset: PostgreSQL, as everywhere by default.
   */
  @Expose()
  @IsOptional()
  @Matches(/^(kurrentdb|kdb|esdb|eventstoredb)(\+discover)?:\/\/\S+$/, {
    message: 'must be a KurrentDB connection string such as kurrentdb://127.0.0.1:2113?tls=false',
  })
  EVENTSTOREDB_URL?: string;

  /** HS256 secret for bearer tokens (development); not needed when JWKS_URL is set. */
  @Expose()
  @ValidateIf((config: ServiceConfig) => !config.JWKS_URL)
  @IsString({ message: 'must be set (at least 32 characters) unless JWKS_URL is' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  /** JWKS of the OIDC provider that issues bearer tokens (production). */
  @Expose()
  @IsOptional()
  @IsUrl({ require_tld: false }, { message: 'must be a URL' })
  JWKS_URL?: string;

  @Expose()
  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @Expose()
  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @Expose()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @WholeNumber({ unit: 'milliseconds', min: 0 })
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @WholeNumber({ unit: 'milliseconds', min: 100 })
  HEALTH_TIMEOUT_MS = 2_000;
}

function sealSigningKeyProblem(value: string): string | null {
  try {
    parseSealSigningKey(value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function kafkaBrokerList(config: Pick<ServiceConfig, 'KAFKA_BROKERS'>): string[] {
  return config.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
}
