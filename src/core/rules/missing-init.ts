import { missingInitFixes, stageBuilders } from '../fixes/init-fixes';
import type { ChainLink, LaunchPlan } from '../launch/types';
import type { Location, RelatedInformation } from '../types';
import { appName, finding, pid1Of, stopConsequence, type Rule, type RuleContext } from './rule';

/**
 * Nothing in front of the app forwards signals and reaps orphans. Measured: node as PID 1 ignores
 * SIGTERM without a handler of the app's own and leaves every orphan a zombie; an init fixes both.
 */
export const missingInit: Rule = {
  id: 'missing-init',
  defaultSeverity: 'warning',
  description: 'The process that ends up as PID 1 is not an init.',
  fixable: 'unsafe',
  check(plan, ctx) {
    const pid1 = pid1Of(plan);
    if (plan.runtimeInit) return [];
    if (pid1?.role === 'init') return [];
    if (plan.kind === 'dockerfile' && plan.baseInfo?.init) return [];
    const location = whereWritten(plan, pid1);
    if (!location) return [];
    let severity: 'warning' | 'info' = 'warning';
    const related: RelatedInformation[] = [];
    let message = pid1 ? describe(plan, pid1) : describeUnknown(plan);
    if (pid1 && (pid1.sigterm === 'exits' || pid1.sigterm === 'exits-143')) {
      severity = 'info';
      message = `${pid1.label} will be PID 1 with no init in front of it. It stops on SIGTERM by itself, so only the reaping of orphaned processes is at stake.`;
    }
    if (!pid1) severity = 'info';
    if (plan.kind === 'dockerfile') {
      const builders = stageBuilders(plan, ctx);
      if (builders.length > 0 && builders.every((b) => b.service.init?.value === true)) {
        severity = 'info';
        message += ` Every compose service that builds this Dockerfile sets init: true, so this matters only when the image is run another way.`;
        for (const b of builders) {
          related.push({
            path: b.model.path,
            range: b.service.init!.range,
            message: `Service ${b.service.name} runs it with init: true.`,
          });
        }
      }
    }
    const { fixes, notes } = missingInitFixes(plan, ctx);
    if (notes.length > 0) message += ` ${notes.join(' ')}`;
    return [finding(missingInit, location, message, { severity, related, fixes })];
  },
};

function describe(plan: LaunchPlan, pid1: ChainLink): string {
  const app = appName(plan);
  const head = `${pid1.label} will be PID 1 with no init in front of it`;
  switch (pid1.role) {
    case 'shell':
    case 'script':
      // Measured: dash, bash and ash as PID 1 reap orphans; they keep SIGTERM from the child.
      return `${head}. The shell reaps orphans but keeps SIGTERM from ${app}: ${stopConsequence(plan)}.`;
    case 'package-manager':
      // Measured: 50 orphans left 50 zombies under npm as PID 1.
      return `${head}, and ${pid1.label} never reaps orphaned processes, so they stay as zombies.`;
    default:
      if (pid1.sigterm === 'ignores') {
        return `${head}. As PID 1, ${pid1.label} ignores SIGTERM unless the app handles it, so ${stopConsequence(plan)}; and it never reaps orphaned child processes, which stay as zombies.`;
      }
      return `${head}. Unless ${pid1.label} handles SIGTERM itself it keeps running, so ${stopConsequence(plan)}; and nothing is known to reap orphaned child processes.`;
  }
}

function describeUnknown(plan: LaunchPlan): string {
  const remedy =
    plan.kind === 'compose-service'
      ? 'add init: true'
      : 'put an init such as tini in front of it (or run it with --init)';
  return `No init runs in ${plan.kind === 'dockerfile' ? 'the ' : ''}${plan.name}, and what its image runs as PID 1 is not known to PID 1 Doctor; ${remedy} so that signals are forwarded and orphans reaped whatever the image runs.`;
}

/** The instruction or compose key that decides PID 1: where the cause is written. */
function whereWritten(plan: LaunchPlan, pid1: ChainLink | undefined): Location | undefined {
  if (plan.kind === 'compose-service') {
    const service = plan.compose!.service;
    // A command: that a shell-form ENTRYPOINT ignores decides nothing: the Dockerfile does.
    const ep = plan.instructions?.entrypoint;
    const commandCounts = service.command !== undefined && (!ep || ep.form.kind === 'exec');
    const overridden = service.entrypoint !== undefined || commandCounts;
    if (overridden || !plan.build) return plan.anchor;
  }
  const instructions = plan.instructions;
  const src = pid1?.source;
  if (instructions && src && src.path === instructions.path) {
    for (const instr of [instructions.entrypoint, instructions.cmd]) {
      if (instr && contains(instr.range, src.range.start))
        return { path: instructions.path, range: instr.range };
    }
  }
  // PID 1 started from inside an exec-form `sh -c` string has no range of its own: the
  // instruction that holds the string decides it.
  if (instructions && (plan.kind === 'dockerfile' || plan.build)) {
    for (const instr of [instructions.entrypoint, instructions.cmd]) {
      if (instr) return { path: instructions.path, range: instr.range };
    }
  }
  return plan.anchor;
}

function contains(range: Location['range'], pos: Location['range']['start']): boolean {
  const afterStart =
    pos.line > range.start.line ||
    (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd =
    pos.line < range.end.line ||
    (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

export type { RuleContext };
