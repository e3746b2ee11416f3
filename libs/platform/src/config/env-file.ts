import { existsSync, readFileSync } from 'node:fs';

/**
 * The `NAME=value` lines of an env file the local scripts write (`.accord/infra.env`, the operator's;
 * `.accord/identities/<identity>.env`, one identity's), values trimmed; none when there is no file.
 * Tools and CLIs read them under the environment, which wins.
 */
export const readEnvFile = (file: string): Record<string, string> =>
  existsSync(file)
    ? Object.fromEntries(
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]),
      )
    : {};
