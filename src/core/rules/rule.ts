/**
 * What every rule is: metadata next to a check over one LaunchPlan. Rules never read text;
 * everything they need is in the plan and in the workspace facts handed to them.
 */
import type { ChainLink, LaunchPlan } from '../launch/types';
import type { ComposeService, ComposeModel, DockerfileModel } from '../parse/model';
import type { Finding, Location, RelatedInformation, RuleId, Severity } from '../types';

export interface RuleMeta {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line, for the rule list and SARIF. */
  description: string;
  /** Whether the rule offers a fix, and whether fix-all may apply it. */
  fixable: 'safe' | 'unsafe' | 'some-safe' | 'none';
}

/** Facts about the workspace that a plan alone does not hold. */
export interface RuleContext {
  /** Compose services, in any compose file analysed, that build a Dockerfile (by path). */
  composeBuilders(dockerfilePath: string): { model: ComposeModel; service: ComposeService }[];
  /** The parsed Dockerfile at a path (handed in or read), for fixes that edit it. */
  dockerfile?(path: string): DockerfileModel | undefined;
  /** Reads a file that was not handed in (a package.json), as the planner's reader does. */
  readFile?(path: string): string | undefined;
}

export interface Rule extends RuleMeta {
  check(plan: LaunchPlan, ctx: RuleContext): Finding[];
}

/** The link that will be PID 1: the first one that does not exec the next. */
export function pid1Of(plan: LaunchPlan): ChainLink | undefined {
  return plan.chain.find((l) => !l.transient);
}

/** The last link of the chain, which is the app as far as the plan knows. */
export function appOf(plan: LaunchPlan): ChainLink | undefined {
  return plan.chain[plan.chain.length - 1];
}

/** "node" or "the app", for messages. */
export function appName(plan: LaunchPlan): string {
  const app = appOf(plan);
  return app && app.role === 'app' ? app.label : 'the app';
}

export function stopConsequence(plan: LaunchPlan): string {
  return `docker stop waits ${plan.graceSeconds} s, then kills it (exit 137)`;
}

/**
 * The words Docker puts in front of a shell-form ENTRYPOINT or CMD: the stage's `SHELL` when it
 * has one in exec form, else `/bin/sh -c`.
 */
export function shellFormPrefix(plan: LaunchPlan): string {
  const shell = plan.instructions?.shell;
  if (shell?.form.kind === 'exec' && shell.form.args.length > 0) {
    return shell.form.args.map((a) => a.value).join(' ');
  }
  return '/bin/sh -c';
}

/**
 * The program a stage's `SHELL` runs shell form with, when it is not the image's /bin/sh
 * (`/bin/bash` from `SHELL ["/bin/bash", "-c"]`); undefined when shell form runs /bin/sh.
 */
export function shellOverride(plan: LaunchPlan): string | undefined {
  const shell = plan.instructions?.shell;
  if (shell?.form.kind !== 'exec' || shell.form.args.length === 0) return undefined;
  const argv0 = shell.form.args[0].value;
  return argv0 === 'sh' || argv0 === '/bin/sh' ? undefined : argv0;
}

/**
 * Related information that points at the base image and what we know of its shell; when the
 * stage's `SHELL` runs another program, at that SHELL line instead: the image's /bin/sh does not
 * run shell form there, so what it is says nothing about this launch.
 */
export function baseImageRelated(plan: LaunchPlan): RelatedInformation[] {
  if (plan.kind !== 'dockerfile') return [];
  const override = shellOverride(plan);
  const shellInstr = plan.instructions?.shell;
  if (override && shellInstr && plan.instructions) {
    return [
      {
        path: plan.instructions.path,
        range: shellInstr.range,
        message: `SHELL makes shell form run ${shellFormPrefix(plan)} in this stage, not the image's /bin/sh.`,
      },
    ];
  }
  if (!plan.baseImage) return [];
  const shell = plan.baseInfo?.shell;
  const what =
    shell === 'dash'
      ? `/bin/sh is Debian's dash here, which does not exec the last command`
      : shell === 'ash'
        ? `/bin/sh is BusyBox ash here, which execs the last command`
        : shell === 'bash'
          ? `/bin/sh is bash here, which execs the last command`
          : `what /bin/sh is in this image is not known`;
  return [{ ...plan.anchor, message: `Base image ${plan.baseImage}: ${what}.` }];
}

export function finding(
  rule: RuleMeta,
  location: Location,
  message: string,
  options: { severity?: Severity; related?: RelatedInformation[]; fixes?: Finding['fixes'] } = {},
): Finding {
  return {
    rule: rule.id,
    severity: options.severity ?? rule.defaultSeverity,
    message,
    path: location.path,
    range: location.range,
    related: options.related ?? [],
    fixes: options.fixes ?? [],
  };
}

/** Quotes shell text for a message, shortened so a diagnostic stays one readable line. */
export function quoteText(text: string, max = 60): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}
