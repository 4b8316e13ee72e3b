import type { Finding } from '../types';
import { finding, type Rule } from './rule';

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
  check(plan) {
    const sig = plan.stopSignal;
    if (!sig || !sig.location) return [];
    const where = { path: sig.location.path, range: sig.valueRange ?? sig.location.range };
    const out: Finding[] = [];
    const n = normaliseSignal(sig.value);
    if (!n) {
      out.push(
        finding(
          stopSignal,
          where,
          `"${sig.value}" is not a signal Docker knows, so stopping the container fails; use SIGTERM or the signal the app handles.`,
        ),
      );
    } else if (n.name === 'SIGKILL') {
      out.push(
        finding(
          stopSignal,
          where,
          `The stop signal is SIGKILL, which cannot be handled: docker stop kills the container at once, with no clean-up (exit 137).`,
          { severity: 'warning' },
        ),
      );
    }
    return out;
  },
};
