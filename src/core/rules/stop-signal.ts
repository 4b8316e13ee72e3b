import { textOnLine, yamlScalar } from '../fixes/compose-edit';
import type { LaunchPlan } from '../launch/types';
import type { Finding, Fix, Location } from '../types';
import { lookupProgram } from '../workspace/knowledge';
import { appOf, finding, type Rule, type RuleContext } from './rule';

const SIGNALS = [
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'IOT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'IO',
  'POLL',
  'PWR',
  'SYS',
];

/** Normalises a signal as Docker accepts it (`SIGTERM`, `TERM`, `15`, `SIGRTMIN+3`). */
export function normaliseSignal(value: string): { name: string; number?: number } | undefined {
  const v = value.trim().toUpperCase();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 64
      ? { name: n === 9 ? 'SIGKILL' : n === 15 ? 'SIGTERM' : v, number: n }
      : undefined;
  }
  const bare = v.startsWith('SIG') ? v.slice(3) : v;
  if (SIGNALS.includes(bare)) return { name: `SIG${bare}` };
  if (/^RTMIN(\+([1-9]|1[0-5]))?$/.test(bare) || /^RTMAX(-([1-9]|1[0-5]))?$/.test(bare)) {
    return { name: `SIG${bare}` };
  }
  return undefined;
}

/** STOPSIGNAL / stop_signal: an unknown name fails the stop; SIGKILL skips every clean-up. */
export const stopSignal: Rule = {
  id: 'stop-signal',
  defaultSeverity: 'error',
  description: 'STOPSIGNAL or stop_signal that is not a signal, or that is SIGKILL.',
  fixable: 'unsafe',
  check(plan, ctx) {
    const sig = plan.stopSignal;
    if (!sig || !sig.location) return [];
    // `STOPSIGNAL $SIG` is expanded at build time; what it holds is not known here.
    if (sig.value.includes('$')) return [];
    const where = { path: sig.location.path, range: sig.valueRange ?? sig.location.range };
    const out: Finding[] = [];
    const n = normaliseSignal(sig.value);
    const fixes = n && n.name !== 'SIGKILL' ? [] : stopSignalFixes(plan, where, ctx);
    if (!n) {
      out.push(
        finding(
          stopSignal,
          where,
          `"${sig.value}" is not a signal Docker knows, so stopping the container fails; use SIGTERM or the signal the app handles.`,
          { fixes },
        ),
      );
    } else if (n.name === 'SIGKILL') {
      out.push(
        finding(
          stopSignal,
          where,
          `The stop signal is SIGKILL, which cannot be handled: docker stop kills the container at once, with no clean-up (exit 137).`,
          { severity: 'warning', fixes },
        ),
      );
    }
    return out;
  },
};

/**
 * The signal to stop with instead: the app's documented graceful stop signal (nginx: SIGQUIT),
 * else the image's own STOPSIGNAL (postgres: SIGINT), else SIGTERM.
 */
export function gracefulSignal(plan: LaunchPlan): { signal: string; why?: string } {
  const app = appOf(plan);
  const program = app && app.role === 'app' ? lookupProgram(app.argv[0] ?? '') : undefined;
  if (program?.gracefulSignal) {
    return { signal: program.gracefulSignal, why: `the graceful stop signal of ${program.name}` };
  }
  if (plan.baseInfo?.stopSignal) {
    return { signal: plan.baseInfo.stopSignal, why: `the stop signal of ${plan.baseImage}` };
  }
  return { signal: 'SIGTERM' };
}

function stopSignalFixes(plan: LaunchPlan, where: Location, ctx: RuleContext): Fix[] {
  const { signal, why } = gracefulSignal(plan);
  let newText = signal;
  if (plan.compose && where.path === plan.compose.model.path) {
    const like = textOnLine(plan.compose.model.lines, where.range);
    if (like === undefined) return [];
    newText = yamlScalar(signal, like);
  } else if (!ctx.dockerfile?.(where.path)) {
    return [];
  }
  const title = why ? `Use ${signal}, ${why}` : `Use ${signal} as the stop signal`;
  return [{ title, safe: false, preferred: true, edits: [{ ...where, newText }] }];
}
