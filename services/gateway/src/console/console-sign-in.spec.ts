import { ConfigError, loadConfig } from '@accord/platform';
import { GatewayConfig } from '../gateway.config';
import { signInChoices } from './console-sign-in';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/accord',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_PLATFORM_ISSUER: 'http://127.0.0.1:3090/accord-ops',
  SERVICE_NAME: 'gateway',
  PORT: '3000',
  EVENT_STORE_MASTER_KEY: '6f'.repeat(32),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(GatewayConfig, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("the console's sign-in choices", () => {
  it("list every agency the directory trusts by its name, the platform's own, and the configured extras", () => {
    const config = loadConfig(GatewayConfig, {
      ...base,
      CONSOLE_AGENCIES: JSON.stringify([
        { id: 'police-north', name: 'North Police (new sign-in)', issuer: 'https://id.police.example/north' },
      ]),
    });
    const choices = signInChoices(
      [
        {
          agency: 'police-north',
          name: 'North Police',
          tier: 'agency',
          issuers: [{ issuer: 'http://idp/police-north', rolesClaim: 'roles' }],
        },
        {
          agency: 'inspectorate',
          name: null,
          tier: 'inspectorate',
          issuers: [{ issuer: 'http://idp/inspectorate', rolesClaim: 'roles' }],
        },
        { agency: 'no-issuer-yet', name: 'Nobody', tier: 'agency', issuers: [] },
      ],
      { agency: 'accord-ops', issuer: 'http://idp/accord-ops' },
      config.CONSOLE_AGENCIES,
    );
    expect(choices).toEqual([
      { id: 'accord-ops', name: 'accord-ops', issuer: 'http://idp/accord-ops' },
      { id: 'inspectorate', name: 'inspectorate', issuer: 'http://idp/inspectorate' },
      { id: 'police-north', name: 'North Police (new sign-in)', issuer: 'https://id.police.example/north' },
    ]);
  });

  it('name each wrong field of a malformed entry, and text that is not JSON', () => {
    expect(
      problems({
        CONSOLE_AGENCIES: JSON.stringify([{ id: 'Police North!', name: 'North', issuer: 'not a url' }]),
      }),
    ).toEqual([
      'CONSOLE_AGENCIES[0].id: id must be an agency id such as police-north',
      'CONSOLE_AGENCIES[0].issuer: issuer must be an http(s) URL',
    ]);
    expect(problems({ CONSOLE_AGENCIES: '[{' })[0]).toMatch(/^CONSOLE_AGENCIES: must be a JSON array/);
  });
});
