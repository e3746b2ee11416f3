import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Expose, plainToInstance } from 'class-transformer';
import { Inject, Injectable } from '@nestjs/common';
import { IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import type { AgencyTrust } from '@accord/contracts';
import { httpTrustLoader, ServiceConfig, type TrustLoader } from '@accord/platform';
import type { GatewayConfig } from '../gateway.config';

/** One organisation on the console's sign-in page and the OpenID issuer its people sign in at. */
export class ConsoleAgency {
  @Expose()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'id must be an agency id such as police-north' })
  id!: string;

  @Expose()
  @IsString({ message: 'name must be text' })
  @MaxLength(200)
  name!: string;

  @Expose()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'issuer must be an http(s) URL' },
  )
  issuer!: string;
}

/** CONSOLE_AGENCIES as text → ConsoleAgency objects to validate (text that is not JSON stays text, and fails there). */
export const parseConsoleAgencies = ({ value }: { value: unknown }): unknown => {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return value;
    }
  }
  return Array.isArray(parsed)
    ? parsed.map((entry: unknown) =>
        typeof entry === 'object' && entry !== null
          ? plainToInstance(ConsoleAgency, entry, { excludeExtraneousValues: true })
          : entry,
      )
    : parsed;
};

/** `<checkout>/dist/console`, from the sources or the compiled files alike. */
export function defaultConsoleDir(start = __dirname): string {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console');
  }
  return join(start, 'dist', 'console');
}

export interface ConsoleAgencyChoice {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
}

export interface ConsoleSignIn {
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly agencies: readonly ConsoleAgencyChoice[];
}

/**
 * The sign-in page's choices: every agency the directory trusts an issuer for (one issuer each, its
 * first), the platform operator's own agency, and any CONSOLE_AGENCIES the deployment adds.
 */
export function signInChoices(
  trust: readonly AgencyTrust[],
  platform: { readonly agency: string; readonly issuer: string },
  extra: readonly ConsoleAgency[],
): ConsoleAgencyChoice[] {
  const choices = new Map<string, ConsoleAgencyChoice>();
  for (const entry of extra) choices.set(entry.id, { id: entry.id, name: entry.name, issuer: entry.issuer });
  for (const entry of trust) {
    const issuer = entry.issuers[0]?.issuer;
    if (issuer && !choices.has(entry.agency))
      choices.set(entry.agency, { id: entry.agency, name: entry.name || entry.agency, issuer });
  }
  if (!choices.has(platform.agency))
    choices.set(platform.agency, { id: platform.agency, name: platform.agency, issuer: platform.issuer });
  return [...choices.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const REFRESH_MS = 60_000;

/** The choices, read from the agency directory (intake) at most once a minute. */
@Injectable()
export class ConsoleSignInDirectory {
  private readonly load: TrustLoader;
  private cached: { readonly at: number; readonly choices: readonly ConsoleAgencyChoice[] } | undefined;

  constructor(@Inject(ServiceConfig) private readonly config: GatewayConfig) {
    this.load = httpTrustLoader(config.INTAKE_URL, config.HEALTH_TIMEOUT_MS);
  }

  /** Throws when the directory has never answered (the console then says sign-in is unavailable). */
  async signIn(): Promise<ConsoleSignIn> {
    if (!this.cached || Date.now() - this.cached.at > REFRESH_MS) {
      try {
        const trust = await this.load();
        this.cached = {
          at: Date.now(),
          choices: signInChoices(
            trust,
            { agency: this.config.AUTH_PLATFORM_AGENCY, issuer: this.config.AUTH_PLATFORM_ISSUER },
            this.config.CONSOLE_AGENCIES,
          ),
        };
      } catch (error) {
        if (!this.cached) throw error;
      }
    }
    return {
      clientId: this.config.CONSOLE_CLIENT_ID,
      audience: this.config.AUTH_AUDIENCE,
      scope: this.config.CONSOLE_SCOPE,
      agencies: this.cached.choices,
    };
  }

  /** The issuers' origins the console's pages may talk to (what is known now; none before the first read). */
  issuerOrigins(): string[] {
    return (this.cached?.choices ?? []).map((choice) => new URL(choice.issuer).origin);
  }
}
