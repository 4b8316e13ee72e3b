/**
 * The help texts: the overview and the pages of check and explain, in the words of the contract.
 * The demo's page is its own (src/cli/demo.ts).
 */
import { TOOL_NAME, TOOL_VERSION } from './meta';

const OVERVIEW = `${TOOL_NAME} ${TOOL_VERSION}: finds PID 1 pitfalls in Dockerfiles and compose files.

Usage:
  ${TOOL_NAME} check [PATH...] [--format text|json|sarif] [--fix [--unsafe-fixes]]
                    [--fail-on error|warning|info|never]
  ${TOOL_NAME} explain FILE [--fail-on error|warning|info|never]
  ${TOOL_NAME} demo IMAGE|DOCKERFILE [--grace SECONDS] [--format text|json] [options]
  ${TOOL_NAME} help [COMMAND]
  ${TOOL_NAME} --version | -v

Run "${TOOL_NAME} help COMMAND" for a command's options.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage or a file that
cannot be read (demo: see its help).
`;

const CHECK = `Usage: ${TOOL_NAME} check [PATH...] [options]

Checks Dockerfiles and compose files. Each PATH (default: the current folder) is a folder or
a file. A folder is searched for
  Dockerfiles:   Dockerfile, Dockerfile.<suffix>, <name>.dockerfile,
                 Containerfile, Containerfile.<suffix>, <name>.containerfile
                 (any case; not when the last extension marks source code, documentation,
                 an ignore file, data, a template or a backup: dockerfile.ts, Dockerfile.md,
                 Dockerfile.dockerignore, Dockerfile.j2, Dockerfile.orig, ...)
  compose files: compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml, and
                 compose.<name>.yaml, docker-compose.<name>.yml, docker-compose-<name>.yml, ...
skipping node_modules, .git and what .gitignore files name. A file named as a PATH is read as
what its name says when the name is one of these; otherwise its content decides (a FROM line:
a Dockerfile; a top-level services: key: a compose file; neither: exit 2).

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
