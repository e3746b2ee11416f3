import { ConfigError, loadConfig } from '@accord/platform';
import { GatewayConfig } from '../gateway.config';
import { consoleSignIn } from './console-sign-in';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/accord',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'x'.repeat(40),
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
  it('come from CONSOLE_AGENCIES, with the client id, scope and audience the console asks for', () => {
    const config = loadConfig(GatewayConfig, {
      ...base,
      CONSOLE_AGENCIES: JSON.stringify([
        { id: 'police-north', name: 'North Police', issuer: 'https://id.police.example/north' },
      ]),
    });
    expect(consoleSignIn(config)).toMatchObject({
      clientId: 'accord-console',
      scope: 'openid accord',
      agencies: [{ id: 'police-north', name: 'North Police', issuer: 'https://id.police.example/north' }],
    });
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
