/**
 * A small deterministic generator of Dockerfiles and compose files for the fix properties: base
 * images, exec and shell forms, commands and shell operators, broken JSON, CRLF, continued
 * lines with comments between, the escape directive, a missing final newline. The same seed
 * gives the same files on every run, so a failure names a case that can be looked at again.
 */

/** One generated project: files by path relative to its folder. */
export interface GeneratedCase {
  name: string;
  files: Record<string, string>;
}

/** mulberry32: a tiny seeded generator, good enough to pick combinations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface App {
  base: string;
  words: string[];
  /** How the words are written in shell form (quoting where the words need it). */
  shell: string;
}

const APPS: App[] = [
  { base: 'node:20', words: ['node', 'server.js'], shell: 'node server.js' },
  { base: 'node:20-slim', words: ['npm', 'start'], shell: 'npm start' },
  { base: 'node:20-alpine', words: ['node', 'server.js'], shell: 'node server.js' },
  { base: 'node:20-alpine', words: ['yarn', 'start'], shell: 'yarn start' },
  { base: 'python:3.12-slim', words: ['python', 'app.py'], shell: 'python app.py' },
  {
    base: 'python:3.12-slim',
    words: ['gunicorn', '-b', '0.0.0.0:8000', 'app:app'],
    shell: 'gunicorn -b 0.0.0.0:8000 app:app',
  },
  {
    base: 'eclipse-temurin:21-jre',
    words: ['java', '-jar', '/app/app.jar'],
    shell: 'java -jar /app/app.jar',
  },
  { base: 'nginx:1.27', words: ['nginx', '-g', 'daemon off;'], shell: "nginx -g 'daemon off;'" },
  { base: 'debian:bookworm', words: ['./run', '--port', '8080'], shell: './run --port 8080' },
  { base: 'ubuntu:24.04', words: ['/usr/local/bin/app'], shell: '/usr/local/bin/app' },
  { base: 'alpine:3.20', words: ['./app', 'serve'], shell: './app serve' },
  { base: 'busybox:1.36', words: ['httpd', '-f', '-p', '8080'], shell: 'httpd -f -p 8080' },
  { base: 'scratch', words: ['/app'], shell: '/app' },
  {
    base: 'gcr.io/distroless/nodejs20-debian12',
    words: ['/nodejs/bin/node', 'server.js'],
    shell: '/nodejs/bin/node server.js',
  },
];

/** Shell text around the app: a lone command, lists, pipelines, subshells, expansions. */
const SHAPES: ((app: string) => string)[] = [
  (a) => a,
  (a) => `echo starting && ${a}`,
  (a) => `./migrate; ${a}`,
  (a) => `test -f /ready || ${a}`,
  (a) => `${a} | tee /tmp/log`,
  (a) => `(${a})`,
  (a) => `NODE_ENV=production ${a}`,
  (a) => `${a} --port $PORT`,
  (a) => `${a} > /tmp/out.log 2>&1`,
  (a) => `exec ${a}`,
  (a) => `cd /app && ${a} && echo done`,
  (a) => `while true; do ${a}; done`,
  (a) => `${a} *.conf`,
];

type Form =
  | 'shell-cmd'
  | 'exec-cmd'
  | 'shell-entrypoint'
  | 'shell-entrypoint-and-cmd'
  | 'exec-entrypoint-shell-cmd'
  | 'malformed-single-quotes'
  | 'malformed-trailing-comma'
  | 'sh-c'
  | 'inherited';

const FORMS: Form[] = [
  'shell-cmd',
  'exec-cmd',
  'shell-entrypoint',
  'shell-entrypoint-and-cmd',
  'exec-entrypoint-shell-cmd',
  'malformed-single-quotes',
  'malformed-trailing-comma',
  'sh-c',
  'inherited',
];

const STOP_SIGNALS = [undefined, undefined, undefined, 'SIGKILL', 'SIGWHAT', 'SIGQUIT', '9'];

function json(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

/** Splits a shell line over continued lines, with a comment line between when asked. */
function continued(line: string, escape: string, comment: boolean): string {
  const space = line.indexOf(' ', Math.floor(line.length / 2));
  if (space < 0) return line;
  const between = comment ? '\n    # continued\n' : '\n';
  return `${line.slice(0, space)} ${escape}${between}    ${line.slice(space + 1)}`;
}

function launchLines(form: Form, app: App, shape: (a: string) => string): string[] {
  const shellText = shape(app.shell);
  switch (form) {
    case 'shell-cmd':
      return [`CMD ${shellText}`];
    case 'exec-cmd':
      return [`CMD ${json(app.words)}`];
    case 'shell-entrypoint':
      return [`ENTRYPOINT ${shellText}`];
    case 'shell-entrypoint-and-cmd':
      return [`ENTRYPOINT ${shellText}`, 'CMD ["--verbose"]'];
    case 'exec-entrypoint-shell-cmd':
      return [`ENTRYPOINT ${json(app.words.slice(0, 1))}`, `CMD ${app.words.slice(1).join(' ')}`];
    case 'malformed-single-quotes':
      return [`CMD [${app.words.map((w) => `'${w}'`).join(', ')}]`];
    case 'malformed-trailing-comma':
      return [`CMD ${json(app.words).slice(0, -1)},]`];
    case 'sh-c':
      return [`CMD ${json(['sh', '-c', shellText])}`];
    case 'inherited':
      return [];
  }
}

function dockerfile(rand: () => number, index: number): GeneratedCase {
  const app = APPS[index % APPS.length];
  const form = FORMS[Math.floor(index / APPS.length) % FORMS.length];
  const shape = pick(rand, SHAPES);
  const backtick = rand() < 0.15;
  const escape = backtick ? '`' : '\\';
  const lines: string[] = [];
  if (backtick) lines.push('# escape=`');
  if (form === 'inherited' || rand() < 0.2) {
    lines.push('FROM ' + app.base + ' AS base', 'WORKDIR /app');
    lines.push(...launchLines(form === 'inherited' ? 'shell-cmd' : 'exec-cmd', app, shape));
    lines.push('', 'FROM base');
  } else {
    lines.push(`FROM ${app.base}`);
  }
  lines.push(
    '# the app',
    'WORKDIR /app',
    `RUN echo building ${escape}`,
    '    && touch /app/.built',
  );
  if (rand() < 0.3) lines.push('HEALTHCHECK CMD wget -q -O- http://localhost:8080/ || exit 1');
  if (rand() < 0.2) lines.push('ENV PORT=8080', '  # indented comment', '\tEXPOSE 8080');
  const signal = pick(rand, STOP_SIGNALS);
  if (signal) lines.push(`STOPSIGNAL ${signal}`);
  const launch = launchLines(form, app, shape);
  if (launch.length > 0 && rand() < 0.25) {
    launch[launch.length - 1] = continued(launch[launch.length - 1], escape, rand() < 0.5);
  }
  lines.push(...launch);

  const crlf = rand() < 0.3;
  const finalNewline = rand() < 0.8;
  let text = lines.join('\n') + (finalNewline ? '\n' : '');
  if (crlf) text = text.replace(/\n/g, '\r\n');
  const files: Record<string, string> = { Dockerfile: text };
  if (app.words[0] === 'npm' || app.words[0] === 'yarn') {
    const scripts = [
      '{ "scripts": { "start": "node server.js" } }\n',
      '{ "scripts": { "start": "node migrate.js && node server.js" } }\n',
      '{ "name": "no-start" }\n',
    ];
    files['package.json'] = pick(rand, scripts);
    files['server.js'] = 'require("http").createServer().listen(8080);\n';
  }
  const name = `dockerfile-${String(index).padStart(3, '0')} ${app.base} ${form}${crlf ? ' crlf' : ''}`;
  return { name, files };
}

function compose(rand: () => number, index: number): GeneratedCase {
  const indent = rand() < 0.7 ? '  ' : '    ';
  const i1 = indent;
  const i2 = indent + indent;
  const app = pick(rand, APPS.slice(0, 8));
  const shape = pick(rand, SHAPES);
  const files: Record<string, string> = {};
  const lines = ['# the stack', 'services:'];

  // A service that builds a Dockerfile of the project, with or without init.
  const built = pick(rand, [
    'FROM node:20\nWORKDIR /app\nCMD ["node", "server.js"]\n',
    'FROM node:20\nWORKDIR /app\nCMD node server.js\n',
    'FROM python:3.12-slim\nCMD ["python", "app.py"]\n',
  ]);
  files['web/Dockerfile'] = built;
  lines.push(`${i1}web:`, `${i2}build: ./web`);
  if (rand() < 0.5) lines.push(`${i2}init: true`);
  if (rand() < 0.3) lines.push(`${i2}ports:`, `${i2}${indent}- "8080:8080"`);

  // A service from an image with a command override.
  lines.push(`${i1}worker:`, `${i2}image: ${app.base}`);
  const command = pick(rand, ['string', 'list', 'sh-c', 'block', 'none']);
  const shellText = shape(app.shell);
  if (command === 'string') lines.push(`${i2}command: ${shellText.replace(/'/g, '')}`);
  if (command === 'list') lines.push(`${i2}command: ${json(app.words)}`);
  if (command === 'sh-c') lines.push(`${i2}command: ${json(['sh', '-c', shellText])}`);
  if (command === 'block') {
    lines.push(`${i2}command:`, `${i2}${indent}- sh`, `${i2}${indent}- -c`);
    lines.push(`${i2}${indent}- ${JSON.stringify(shellText)}`);
  }
  if (rand() < 0.3) lines.push(`${i2}init: true`);
  const signal = pick(rand, STOP_SIGNALS);
  if (signal) lines.push(`${i2}stop_signal: ${signal}`);
  if (rand() < 0.3) lines.push(`${i2}environment:`, `${i2}${indent}PORT: "8080"`);

  const crlf = rand() < 0.25;
  const finalNewline = rand() < 0.85;
  let text = lines.join('\n') + (finalNewline ? '\n' : '');
  if (crlf) text = text.replace(/\n/g, '\r\n');
  files['compose.yaml'] = text;
  return {
    name: `compose-${String(index).padStart(3, '0')} ${command}${crlf ? ' crlf' : ''}`,
    files,
  };
}

/** The generated set: `dockerfiles` Dockerfile projects and `composes` compose projects. */
export function generateCases(options: { seed: number; dockerfiles: number; composes: number }) {
  const rand = random(options.seed);
  const cases: GeneratedCase[] = [];
  for (let i = 0; i < options.dockerfiles; i++) cases.push(dockerfile(rand, i));
  for (let i = 0; i < options.composes; i++) cases.push(compose(rand, i));
  return cases;
}
