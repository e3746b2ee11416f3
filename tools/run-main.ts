/**
 * Runs a script's `main` as the whole process: exits with the code it resolves to (0 when it
 * resolves to nothing), or writes the failure's stack to stderr after `prefix` and exits with 1.
 */
export function runMain(main: () => Promise<number | void>, prefix = ''): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      process.stderr.write(
        `${prefix}${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
