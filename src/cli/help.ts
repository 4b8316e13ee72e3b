/**
 * The help texts: the overview and the pages of check and explain, in the words of the contract.
 * The demo's page is its own (src/cli/demo.ts).
 */
import { TOOL_NAME, TOOL_VERSION } from './meta';

const OVERVIEW = `${TOOL_NAME} ${TOOL_VERSION}: finds PID 1 pitfalls in Dockerfiles and compose files.

Usage:
  ${TOOL_NAME} check [PATH...] [--format text|json|sarif] [--fix [--unsafe-fixes]]
                    [--fail-on error|warning|info|never]
  ${TOOL_NAME} explain FILE
  ${TOOL_NAME} demo IMAGE|DOCKERFILE [--grace SECONDS] [--format text|json]
  ${TOOL_NAME} help [COMMAND]
  ${TOOL_NAME} --version

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage or a file that
cannot be read.
`;

const CHECK = `Usage: ${TOOL_NAME} check [PATH...] [options]

Checks Dockerfiles and compose files. Each PATH is a file (checked whatever its name) or a
folder, searched for Dockerfiles (Dockerfile, *.dockerfile, Dockerfile.*, Containerfile) and
compose files (compose.yaml, docker-compose*.yml, ...), skipping node_modules, .git and what
.gitignore files name. PATH defaults to the current folder.

Options:
  --format text|json|sarif   how to print the findings (default: text)
  --fix                      apply the safe fixes, then report what is left
  --unsafe-fixes             with --fix: apply the other fixes too
  --fail-on error|warning|info|never
                             the lowest severity that makes the exit code 1 (default: warning)
  -h, --help                 show this help

Configuration: the nearest .pid1-doctor.json above each PATH (up to the git root),
  { "rules": { "<rule-id>": "off" | "info" | "warning" | "error" } }

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage, a file that cannot be
read or written, or a configuration that is not valid.
`;

const EXPLAIN = `Usage: ${TOOL_NAME} explain FILE [--fail-on error|warning|info|never]

Prints the launch chain, process by process, of each launch site in FILE (a Dockerfile's
final stage; each service of a compose file): which process is PID 1, which shells exec the
next command, who forwards SIGTERM and who reaps. Then the file's findings.

Exit codes as for check (default --fail-on warning).
`;

/** The help page of a command, or the overview. */
export function helpText(topic?: string): string {
  switch (topic) {
    case 'check':
      return CHECK;
    case 'explain':
      return EXPLAIN;
    default:
      return OVERVIEW;
  }
}
