import { Expose } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '@accord/contracts';
import { issuerUrlProblem } from '../auth/issuer-url';
import { parseSealSigningKey, retiredSealPublicKeysFrom } from '@accord/event-store';
import { CheckedText, parseProblem, ServiceUrls, WholeNumber } from './config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What every service reads from its environment. Services extend it with their own variables. */
export class ServiceConfig {
  @Expose()
  @IsIn(SERVICE_NAMES, { message: `must be one of ${SERVICE_NAMES.join(', ')}` })
  SERVICE_NAME!: ServiceName;

  @WholeNumber({ min: 1, max: 65535, outOfRange: 'must be a port between 1 and 65535' })
  PORT!: number;

  /** Loopback by default: the gateway is the way in (each service still verifies every token). */
  @Expose()
  @IsString()
  HOST = '127.0.0.1';

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
   * Master keys a rotation replaced, comma-separated (docs/operations.md, "Rotating keys"): person
   * keys they wrapped stay readable until `npm run keys -- rewrap` has moved them to the current one.
   */
  @Expose()
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)(\s*,\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=))*$/, {
    message: 'must be 32-byte keys (64 hex digits or 44 base64 characters each), comma-separated',
  })
  EVENT_STORE_RETIRED_MASTER_KEYS?: string;

  /**
   * Signs the global seal's checkpoints (Ed25519): the PKCS#8 DER in base64 on one line
   * (`openssl genpkey -algorithm ed25519 -outform DER | base64`), or the PKCS#8 PEM. Required where
   * the sealer runs (see serviceConfig); other services ignore it.
   */
  @IsOptional()
  @CheckedText(
    'isSealSigningKey',
    (value) => parseProblem(parseSealSigningKey, value),
    'must be an Ed25519 private key',
  )
  SEAL_SIGNING_KEY?: string;

  /**
   * Public halves of seal signing keys a rotation replaced (base64 SPKI DER, comma-separated; `npm
   * run audit -- public-key` printed each before its rotation): the checkpoints they signed still verify.
   */
  @IsOptional()
  @CheckedText(
    'isSealPublicKeys',
    (value) => parseProblem(retiredSealPublicKeysFrom, value),
    'must be Ed25519 public keys, comma-separated',
  )
  SEAL_RETIRED_PUBLIC_KEYS?: string;

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

  /**
   * Where to send OpenTelemetry traces (OTLP over HTTP, JSON: `<endpoint>/v1/traces`), e.g. an
   * OpenTelemetry Collector at http://127.0.0.1:4318. Unset: no spans are recorded.
   */
  @Expose()
  @IsOptional()
  @ServiceUrls()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /**
   * Where the agency directory (intake) answers, each replica's URL separated by commas: every
   * service learns the trusted issuers there.
   */
  @ServiceUrls()
  INTAKE_URL = `http://127.0.0.1:${SERVICES.intake.port}`;

  /** The platform operator's agency: its issuer may grant `admin` and `auditor`. */
  @Expose()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be an agency id such as accord-ops' })
  AUTH_PLATFORM_AGENCY = 'accord-ops';

  /**
   * The platform operator's OpenID issuer: the root of trust (its administrators register every
   * other agency's issuers in the agency directory). https, or http on a loopback address.
   */
  @CheckedText('isIssuer', issuerUrlProblem, 'must be set')
  AUTH_PLATFORM_ISSUER!: string;

  /** The audience every token must name (`aud`). */
  @Expose()
  @IsString()
  @MinLength(1)
  AUTH_AUDIENCE = 'urn:accord:api';

  /** Longest lifetime a token may have, in seconds (`exp` − `iat`). */
  @WholeNumber({ unit: 'seconds', min: 60, max: 86_400 })
  AUTH_MAX_TOKEN_LIFETIME_S = 3600;

  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. */
  @WholeNumber({ unit: 'seconds', min: 0, max: 300 })
  AUTH_CLOCK_SKEW_S = 30;

  /** How long an issuer's keys are used before they are fetched again (then 503 while it is down). */
  @WholeNumber({ unit: 'milliseconds', min: 1_000 })
  AUTH_JWKS_CACHE_MS = 600_000;

  /** After fetching an issuer's keys, an unknown `kid` waits this long before fetching again. */
  @WholeNumber({ unit: 'milliseconds', min: 0 })
  AUTH_JWKS_COOLDOWN_MS = 30_000;

  /** The trusted-issuer list is read again after this long (a revoked issuer is refused within it). */
  @WholeNumber({ unit: 'milliseconds', min: 100 })
  AUTH_DIRECTORY_REFRESH_MS = 30_000;

  @Expose()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @WholeNumber({ unit: 'milliseconds', min: 0 })
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @WholeNumber({ unit: 'milliseconds', min: 100 })
  HEALTH_TIMEOUT_MS = 2_000;

  /**
   * Longest a request carrying an `Accord-Consistency` token waits for the events it names to be
   * heard here; then it gets 503 with Retry-After.
   */
  @WholeNumber({ unit: 'milliseconds', min: 0 })
  CONSISTENCY_WAIT_MS = 5_000;

  /**
   * Repeated reads of one case by one actor through one endpoint within this long are one entry of
   * the access log: the first is appended before its response leaves, the repeats are counted and
   * appended as one event when the window closes (docs/adr/0013-coalesced-access-log.md). 0: every
   * read is its own event.
   */
  @WholeNumber({ unit: 'milliseconds', min: 0, max: 3_600_000 })
  ACCESS_LOG_WINDOW_MS = 60_000;
}

export function kafkaBrokerList(config: Pick<ServiceConfig, 'KAFKA_BROKERS'>): string[] {
  return config.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
}
