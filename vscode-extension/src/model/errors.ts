// Errors of the CLI and the language server carry the same {code, exit, message} (docs/cli.md "Errors");
// this reads what `dotnet tensor --json` printed: one JSON document on stdout, or the error on stderr.

export class TesseraError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exit: number,
  ) {
    super(message);
    this.name = 'TesseraError';
  }
}

/**
 * The parsed stdout of a run that ended with one of `expected` exit codes (merge reports its
 * conflicts on stdout with exit 50), or throws the TesseraError the run reported.
 */
export function readCliResult(exitCode: number, stdout: string, stderr: string, expected: readonly number[] = [0]): unknown {
  if (expected.includes(exitCode)) return stdout.trim() === '' ? null : JSON.parse(stdout);
  throw cliError(exitCode, stderr);
}

export function cliError(exitCode: number, stderr: string): TesseraError {
  const text = stderr.trim();
  try {
    const parsed = JSON.parse(text) as { code?: unknown; exit?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') {
      return new TesseraError(parsed.message, String(parsed.code ?? 'internal'), Number(parsed.exit ?? exitCode));
    }
  } catch {
    // Not a JSON error (a crash, or the tool could not start): show its text.
  }
  return new TesseraError(text || `dotnet tensor exited with code ${exitCode}`, 'internal', exitCode);
}
