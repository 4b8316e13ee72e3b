import { finding, type Rule } from './rule';

/** A shell-form ENTRYPOINT runs `/bin/sh -c "<text>"` and passes no arguments on: CMD is dead. */
export const cmdIgnored: Rule = {
  id: 'cmd-ignored',
  defaultSeverity: 'warning',
  description: 'A shell-form ENTRYPOINT, which makes CMD and docker run arguments ignored.',
  fixable: 'unsafe',
  check(plan) {
    const instructions = plan.instructions;
    const ep = instructions?.entrypoint;
    const cmd = instructions?.cmd;
    if (!instructions || !ep || ep.form.kind === 'exec') return [];
    const kind =
      ep.form.kind === 'malformed'
        ? 'is not valid JSON, so it runs in shell form'
        : 'is in shell form';
    // A compose command: over a built Dockerfile's shell-form ENTRYPOINT is dropped the same
    // way; the override is written in the compose file, so the finding lands there.
    const command = plan.compose?.service.command;
    if (command && plan.compose) {
      const line = ep.range.start.line + 1;
      return [
        finding(
          cmdIgnored,
          { path: plan.compose.model.path, range: command.range },
          `This command is ignored: the ENTRYPOINT it would be passed to (${instructions.path.slice(instructions.path.lastIndexOf('/') + 1)}, line ${line}) ${kind}, and Docker runs it through /bin/sh -c without arguments.`,
          {
            related: [
              { path: instructions.path, range: ep.range, message: 'This ENTRYPOINT ignores CMD.' },
            ],
          },
        ),
      ];
    }
    if (!cmd) return [];
    return [
      finding(
        cmdIgnored,
        { path: instructions.path, range: ep.range },
        `This ENTRYPOINT ${kind}: Docker runs it through /bin/sh -c and never passes it the CMD on line ${cmd.range.start.line + 1} or the arguments of docker run, so they are ignored.`,
        {
          related: [{ path: instructions.path, range: cmd.range, message: 'This CMD is ignored.' }],
        },
      ),
    ];
  },
};
