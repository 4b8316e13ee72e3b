import { packageScriptRewrite } from '../fixes/package-script';
import { shellLabel } from '../launch/build';
import type { Finding } from '../types';
import { finding, quoteText, type Rule } from './rule';

/**
 * npm, yarn, pnpm, npx or bun stays running for the app's whole life. Measured (npm 6 to 11): npm
 * forwards SIGTERM to the `sh -c "<script>"` it starts; with Debian's dash that shell dies of it
 * and the app never sees it, and npm 8+ then exits 1. npm never reaps orphans (50 of 50 zombies).
 */
export const packageManagerPid1: Rule = {
  id: 'package-manager-pid1',
  defaultSeverity: 'warning',
  description: 'npm, yarn, pnpm, npx or bun is the long-running process.',
  fixable: 'unsafe',
  check(plan, ctx) {
    const out: Finding[] = [];
    plan.chain.forEach((link, i) => {
      if (link.role !== 'package-manager' || link.transient || !link.source) return;
      const next = plan.chain[i + 1];
      const app = plan.chain[plan.chain.length - 1];
      const appLabel = app && app !== link && app.role === 'app' ? app.label : 'the app';
      const pid1 = i === 0 || plan.chain.slice(0, i).every((l) => l.transient);
      const who = `${link.label} ${pid1 ? 'will be PID 1' : 'stays in the process tree'}`;
      let message: string;
      if (link.packageScript && next?.role === 'shell' && next.shell) {
        const script = `runs its "${link.packageScript.name}" script as /bin/sh -c ${quoteText(link.packageScript.command)}`;
        if (next.shell.kind === 'dash' && !next.shell.execs) {
          message = `${who} and ${script}. On SIGTERM it passes the signal to that shell, which in this image is dash: the shell dies and ${appLabel} never receives it, so its clean-up does not run and ${link.label} exits 1. ${link.label} also never reaps orphaned processes.`;
        } else if (next.shell.execs) {
          message = `${who} and ${script}; the shell (${shellLabel(next.shell.kind)}) execs ${appLabel}, which does receive SIGTERM, but ${link.label} adds a process that never reaps orphans and turns a clean stop into its own exit code.`;
        } else {
          message = `${who} and ${script}. On SIGTERM it passes the signal to that shell; with Debian's dash as /bin/sh the shell dies and ${appLabel} never receives it (${link.label} then exits 1). ${link.label} also never reaps orphaned processes.`;
        }
      } else {
        message = `${who} for as long as ${appLabel} runs. It passes SIGTERM to the /bin/sh -c that runs the package script; with Debian's dash that shell dies and the app never receives it (npm then exits 1), and ${link.label} never reaps orphaned processes. Start the app directly.`;
      }
      const rewrite = packageScriptRewrite(plan, link, next, ctx);
      if (!rewrite.ok) message += ` No rewrite is offered: ${rewrite.reason}.`;
      out.push(
        finding(packageManagerPid1, link.source, message, {
          fixes: rewrite.ok ? [rewrite.fix] : [],
        }),
      );
    });
    return out;
  },
};
