import { packageScriptRewrite } from '../fixes/package-script';
import { shellLabel } from '../launch/build';
import type { ChainLink } from '../launch/types';
import type { Finding } from '../types';
import { finding, quoteText, type Rule } from './rule';

/**
 * npm, yarn, pnpm, npx or bun stays running for the app's whole life. Measured with npm only
 * (6 to 11; yarn, pnpm and bun were not): npm forwards SIGTERM to the `sh -c "<script>"` it
 * starts. With Debian's dash that shell dies of it and the app never sees it, and npm 8 and later
 * then exit 1 (npm 6: 0); with bash or BusyBox ash the shell execs the app, whose handler ran
 * (exit 0). An init that signals only its child (`--init`, plain tini) made the stop fast (143)
 * but on dash the handler still never ran; `tini -g` and dumb-init, which signal the whole
 * group, reached the app every time (exit 143). npm as PID 1 reaps no orphans (50 zombies).
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
      const above = plan.chain.slice(0, i).filter((l) => !l.transient);
      const pid1 = above.length === 0;
      const init = above.find((l) => l.role === 'init' && l.init);
      const who = `${link.label} ${pid1 ? 'will be PID 1' : 'stays in the process tree'}`;
      const script =
        link.packageScript && next?.role === 'shell' && next.shell
          ? `runs its "${link.packageScript.name}" script as /bin/sh -c ${quoteText(link.packageScript.command)}`
          : 'runs the package script through /bin/sh -c';
      const shell = next?.role === 'shell' ? next.shell : undefined;
      const kind = shell?.kind ?? plan.imageShell;
      // With the script's text known, whether the shell execs the app is in the plan; without
      // it, only the image's shell is known: bash and ash exec a lone command, dash never does.
      const shellExecs = shell ? shell.execs : kind === 'dash' ? false : undefined;
      const context = {
        pm: link.label,
        app: appLabel,
        shellName: shellLabel(kind),
        shellExecs,
        init,
        pid1,
      };
      let message = `${who} ${link.packageScript || pid1 ? 'and' : 'while it'} ${script}. ${onStop(context)}`;
      if (!init) message += ` ${reaping(link.label, pid1)}`;
      message = message.trimEnd();
      const rewrite = packageScriptRewrite(plan, link, next, ctx);
      if (!rewrite.ok)
        message += ` Start the app directly. No rewrite is offered: ${rewrite.reason}.`;
      out.push(
        finding(packageManagerPid1, link.source, message, {
          fixes: rewrite.ok ? [rewrite.fix] : [],
        }),
      );
    });
    return out;
  },
};

interface StopContext {
  pm: string;
  app: string;
  shellName: string;
  /** Whether the script's shell execs the app; undefined when that is not known. */
  shellExecs: boolean | undefined;
  init: ChainLink | undefined;
  pid1: boolean;
}

/** What `docker stop` does to this chain, saying only what was measured (with npm). */
function onStop(c: StopContext): string {
  const npm = c.pm === 'npm';
  const passes = npm
    ? 'npm passes the signal to the shell that runs the script'
    : `what ${c.pm} does with the signal was not measured (npm passes it to the shell that runs the script)`;
  if (c.init?.init?.group) {
    if (c.shellExecs !== false) {
      return `${c.init.label} signals the whole process group, so ${c.app} receives SIGTERM; ${c.pm} only adds a process between them.`;
    }
    const exit = npm
      ? `npm and the shell die of it too, so the container exits 143 rather than with ${c.app}'s own exit code`
      : `with npm the container then exited 143 rather than with ${c.app}'s own exit code (${c.pm} was not measured)`;
    return `${c.init.label} signals the whole process group, so ${c.app} does receive SIGTERM, but ${exit}.`;
  }
  const outcome = `${passes}: ${shellOutcome(c)}.`;
  if (c.init) {
    const fast = npm && c.shellExecs === false ? ' The stop is fast (exit 143).' : '';
    return `${c.init.label} signals only its child, ${c.pm}; ${outcome}${fast}`;
  }
  let exit = '';
  if (npm && c.shellExecs === false) exit = ' npm 8 and later then exit 1, npm 6 exits 0.';
  else if (npm && c.shellExecs === true) {
    exit = ` If ${c.app} dies of the signal, npm 8 and later exit 1 rather than 143 (npm 6 exits 0).`;
  } else if (npm) exit = ' Where the shell dies, npm 8 and later exit 1 (npm 6 exits 0).';
  return `On SIGTERM ${outcome}${exit}`;
}

/** What the script's shell does with the SIGTERM npm passes it, as measured per shell. */
function shellOutcome(c: StopContext): string {
  if (c.shellExecs === false) {
    return `/bin/sh here is ${c.shellName}, which does not exec ${c.app}, so the shell dies of it and ${c.app} never receives it: its clean-up does not run`;
  }
  if (c.shellExecs === true) return `that shell (${c.shellName}) execs ${c.app}, which receives it`;
  if (c.shellName === 'bash' || c.shellName === 'BusyBox ash') {
    return `/bin/sh here is ${c.shellName}, which execs ${c.app} when the script ends with it, and then ${c.app} receives it`;
  }
  return `with Debian's dash as /bin/sh that shell dies of it and ${c.app} never receives it; with bash or BusyBox ash it execs ${c.app}, which receives it`;
}

/** Orphans: a node program as PID 1 reaps none (npm and node measured: 50 of 50 zombies). */
function reaping(pm: string, pid1: boolean): string {
  if (!pid1) return '';
  if (pm === 'bun') return '';
  return `As PID 1, ${pm} (a node program) never reaps orphaned processes.`;
}
