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

/** Related information that points at the base image and what we know of its shell. */
export function baseImageRelated(plan: LaunchPlan): RelatedInformation[] {
  if (plan.kind !== 'dockerfile' || !plan.baseImage) return [];
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
