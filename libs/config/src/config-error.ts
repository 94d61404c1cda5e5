/** Raised when the environment is missing or has a malformed variable; one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Loads config or ends the process with one line per problem: how a program must fail on bad config. */
export function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`Configuration error: ${p}\n`);
      process.exit(78);
    }
    throw err;
  }
}
