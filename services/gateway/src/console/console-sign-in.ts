import type { GatewayConfig } from '../gateway.config';

export interface ConsoleSignIn {
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly agencies: readonly { readonly id: string; readonly name: string; readonly issuer: string }[];
}

/** What the console's sign-in page offers: each agency with the OpenID issuer its people sign in at. */
export function consoleSignIn(config: GatewayConfig): ConsoleSignIn {
  return {
    clientId: config.CONSOLE_CLIENT_ID,
    audience: config.AUTH_AUDIENCE ?? 'urn:accord:api',
    scope: config.CONSOLE_SCOPE,
    agencies: config.CONSOLE_AGENCIES,
  };
}
