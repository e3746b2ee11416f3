// What the console needs to sign people in, served by the gateway (GET /console-config.json): the
// agencies that may sign in and the OpenID issuer each trusts, the console's client id and the
// audience of Accord's API.

export interface AgencySignIn {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
}

export interface ConsoleConfig {
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly agencies: readonly AgencySignIn[];
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`console configuration answered ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
