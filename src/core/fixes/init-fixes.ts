/**
 * The fixes of missing-init: tini or dumb-init in the Dockerfile, and `init: true` on the compose
 * services that run it. tini is preferred unless compose services build the image: then their
 * `init: true` is, so that fixing every finding (the Dockerfile's and each service's) never puts
 * a second init on top of the first. None is safe: each changes the process tree in a way the
 * user should choose (and `-g` or `-e 143` change what the app sees or what the stop reports).
 */
import type { LaunchPlan } from '../launch/types';
import type { ComposeModel, ComposeService } from '../parse/model';
import type { RuleContext } from '../rules/rule';
import type { Fix, TextEdit } from '../types';
import { setServiceKey } from './compose-edit';
import { planInit, type InitOptions } from './init';

export interface InitFixes {
  fixes: Fix[];
  /** What the message should add: why no image fix is offered, or what to fix first. */
  notes: string[];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `init: true` on services; one fix for all of them, so the Dockerfile drops to info at once. */
function composeInitFix(
  services: { model: ComposeModel; service: ComposeService }[],
  fromDockerfile: boolean,
): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const { model, service } of services) {
    const edit = setServiceKey(model, service, 'init', 'true');
    if (!edit) return undefined;
    edits.push(edit);
  }
  if (edits.length === 0) return undefined;
  const names = services.map((s) => s.service.name);
  const title = !fromDockerfile
    ? 'Add init: true to the service'
    : names.length === 1
      ? `Add init: true to service ${names[0]} in ${basename(services[0].model.path)}`
      : `Add init: true to services ${names.join(', ')}`;
  return { title, safe: false, edits };
}

/**
 * The compose services that run a Dockerfile plan's stage: they build the Dockerfile and target
 * that stage (or none, which builds the final one). A service that builds another target runs
 * another stage, whose own plan it is.
 */
export function stageBuilders(
  plan: LaunchPlan,
  ctx: RuleContext,
): { model: ComposeModel; service: ComposeService }[] {
  const builders = ctx.composeBuilders(plan.path);
  const stageIndex = plan.instructions?.stageIndex;
  const model = ctx.dockerfile?.(plan.path);
  return builders.filter((b) => {
    const target = b.service.build?.target;
    if (target === undefined || !model || stageIndex === undefined) return true;
    const stage = model.stages.find((s) => s.name === target.toLowerCase());
    return stage === undefined || stage.index === stageIndex;
  });
}

export function missingInitFixes(plan: LaunchPlan, ctx: RuleContext): InitFixes {
  const notes: string[] = [];
  const fixes: Fix[] = [];
  const pid1 = plan.chain.find((l) => !l.transient);
  const app = plan.chain[plan.chain.length - 1];
  const nonExecShell = pid1?.role === 'shell' || pid1?.role === 'script';
  const options: InitOptions = {
    group: pid1?.role === 'package-manager',
    singleChild: nonExecShell,
    remap143: app?.sigterm === 'exits-143',
  };
  if (nonExecShell && pid1) {
    notes.push(
      `An init in front of ${pid1.label} helps only with reaping: it signals the shell, not the app, and signalling the whole group (tini -g, dumb-init) races the container's teardown. Make the shell exec the app first.`,
    );
  }

  // The Dockerfile stage that decides what runs, when its ENTRYPOINT/CMD are in force.
  let target: { path: string; stageIndex: number } | undefined;
  if (plan.kind === 'dockerfile' && plan.instructions) {
    target = { path: plan.path, stageIndex: plan.instructions.stageIndex };
  } else if (plan.kind === 'compose-service' && plan.build) {
    const service = plan.compose!.service;
    if (service.entrypoint === undefined && service.command === undefined) {
      target = { path: plan.build.dockerfilePath, stageIndex: plan.build.stageIndex };
    }
  }

  // Compose services that run this image: init: true there, and no second init in the image.
  let services: { model: ComposeModel; service: ComposeService }[] = [];
  let someComposeInit = false;
  if (plan.kind === 'compose-service' && plan.compose) {
    services = [plan.compose];
  } else if (plan.kind === 'dockerfile') {
    const builders = stageBuilders(plan, ctx);
    someComposeInit = builders.some((b) => b.service.init?.value === true);
    services = builders.filter((b) => b.service.init?.value !== true);
  }

  const model = target && ctx.dockerfile?.(target.path);
  if (model && target && !someComposeInit) {
    let first = true;
    for (const name of ['tini', 'dumb-init'] as const) {
      const planned = planInit(model, target.stageIndex, name, options);
      if (planned.ok) {
        fixes.push({
          title: planned.edit.title,
          safe: false,
          preferred: first && plan.kind === 'dockerfile' ? true : undefined,
          edits: planned.edit.edits,
        });
        first = false;
      } else if (name === 'tini') {
        notes.push(
          `No tini fix is offered: ${planned.reason}. Install an init by hand and put it first in ENTRYPOINT${services.length > 0 ? ', or set init: true on the compose service' : ', or run the container with --init'}.`,
        );
      }
    }
  } else if (someComposeInit && plan.kind === 'dockerfile' && services.length > 0) {
    notes.push(
      'Some compose services that build this Dockerfile already set init: true, so an init in the image would run twice there; set it on the others too.',
    );
  }

  const compose = composeInitFix(services, plan.kind === 'dockerfile');
  if (compose) {
    for (const f of fixes) delete f.preferred;
    compose.preferred = true;
    fixes.push(compose);
  }
  for (const f of fixes) if (!f.preferred) delete f.preferred;
  return { fixes, notes };
}
