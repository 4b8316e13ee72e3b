/**
 * What the product knows about base images and about the programs that end up as PID 1, kept as
 * data. Every fact carries how it was established: measured on a real engine
 * (shared/notes/pid1-measured.md), read in the image's published Dockerfile or entrypoint
 * script, or stated in the program's own documentation. A fact we could not establish is left
 * out (or 'unknown'), so the rules stay conservative instead of guessing.
 */

/** How one fact was established. */
export interface Evidence {
  kind: 'measured' | 'published-dockerfile' | 'documentation';
  /** The measurement's notes file, or the URL of the Dockerfile or page that was read. */
  source: string;
  note?: string;
}

/** What `/bin/sh` is in an image. 'unknown' when the image name does not tell. */
export type ImageShell = 'dash' | 'bash' | 'ash' | 'none' | 'unknown';

export type PackageManager = 'apt' | 'apk' | 'microdnf' | 'dnf' | 'yum' | 'none';

/** What we know about a base image, as its reference names it. */
export interface BaseImageInfo {
  /** Which entry matched, for messages: "node:20-bookworm (Debian bookworm)". */
  description: string;
  /**
   * What /bin/sh is: 'dash' (Debian, Ubuntu), 'ash' (BusyBox: Alpine, busybox, distroless
   * debug), 'bash' (Fedora, UBI, Rocky, Alma, Oracle Linux, Amazon Linux), 'none' (distroless,
   * scratch), 'unknown' (a family of images on different distros, such as linuxserver's).
   */
  shell: ImageShell;
  shellEvidence: Evidence;
  /** The image's own ENTRYPOINT and CMD (inherited when the Dockerfile does not set them). */
  entrypoint?: string[];
  cmd?: string[];
  /**
   * For an entrypoint script: whether it ends with exec of its arguments (node's
   * docker-entrypoint.sh: `exec "$@"`), so the next link replaces it.
   */
  entrypointExecsArgs?: boolean;
  /**
   * What that entrypoint script runs when it is given no arguments (`CMD []`): node's
   * docker-entrypoint.sh puts `node` in front when its first argument is not a command.
   */
  entrypointWithoutArgs?: string[];
  /** An init that the image itself runs as PID 1 (jenkins: tini; linuxserver: s6-overlay). */
  init?: { name: 'tini' | 'dumb-init' | 's6-overlay' | 'other'; path: string };
  /** The image's STOPSIGNAL, when it sets one (nginx: SIGQUIT, postgres: SIGINT). */
  stopSignal?: string;
  packageManager: PackageManager;
  /** Where the distro's tini package installs tini, when it has one. */
  tiniPath?: string;
  /** Where the distro's dumb-init package installs dumb-init, when that was established. */
  dumbInitPath?: string;
  evidence: Evidence[];
}

/** A parsed image reference. */
export interface ImageRef {
  /** Lower case; 'docker.io' for Docker Hub whichever way it was written. */
  registry: string;
  /** Without Docker Hub's implicit `library/`: `node`, `jenkins/jenkins`, `ubi9/ubi-minimal`. */
  repository: string;
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  digest?: string;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

// The grammar of github.com/distribution/reference: path components are lower case, separated
// by `.`, `_`, `__` or runs of `-`; a tag is up to 128 word characters, dots and dashes.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const REGISTRY_HOST = /^[a-zA-Z0-9.-]+(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/;

/**
 * Splits an image reference into registry, repository, tag and digest. Returns undefined for
 * anything that is not a valid reference, including one that still holds a variable
 * (`${BASE}`, `$IMAGE`): what it names is decided at build time.
 */
export function parseImageRef(ref: string): ImageRef | undefined {
  const text = ref.trim();
  if (text === '' || /[\s$]/.test(text)) return undefined;

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  // The tag's colon is the last one after the last slash; an earlier colon is a registry port.
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }

  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  // Docker's rule: the first component names a registry when it has a dot or a port, or is
  // `localhost`; otherwise the whole name is a Docker Hub repository.
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    const host = parts.shift() as string;
    if (!REGISTRY_HOST.test(host)) return undefined;
    registry = DOCKER_HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB : host.toLowerCase();
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (registry === DOCKER_HUB && parts.length > 1 && parts[0] === 'library') parts.shift();

  return { registry, repository: parts.join('/'), tag, digest };
}

// ---------------------------------------------------------------------------------------------
// Evidence shared by many entries

const NOTES = 'shared/notes/pid1-measured.md';

/** A file of a public repository, pinned to the commit that was read. */
function gh(repo: string, commit: string, path: string): string {
  return `https://github.com/${repo}/blob/${commit}/${path}`;
}

function measured(note: string): Evidence {
  return { kind: 'measured', source: NOTES, note };
}

function read(source: string, note?: string): Evidence {
  return note === undefined
    ? { kind: 'published-dockerfile', source }
    : { kind: 'published-dockerfile', source, note };
}

function documented(source: string, note?: string): Evidence {
  return note === undefined
    ? { kind: 'documentation', source }
    : { kind: 'documentation', source, note };
}

const DASH_DEBIAN = measured(
  'sf-dash-app, sf-dash-handler: Debian 12 dash 0.5.12 as /bin/sh stays PID 1 for a lone ' +
    'shell-form command. Other Debian releases ship other dash versions, not measured.',
);
const DASH_UBUNTU = measured(
  "sf-dash-*: measured with Debian 12's dash 0.5.12. Ubuntu also links /bin/sh to dash " +
    '(https://wiki.ubuntu.com/DashAsBinSh); its own dash build was not measured.',
);
const BASH_AS_SH = measured(
  "sf-bash-*: bash 5.2.15 linked as /bin/sh execs a lone shell-form command. That this distro's " +
    '/bin/sh is bash comes from its bash package; that link and its bash version were not ' +
    'measured here.',
);
const ASH_ALPINE = measured(
  "sf-busybox-*: Debian's busybox-static 1.35.0 ash execs a lone shell-form command. Alpine's " +
    'own BusyBox build was NOT measured.',
);
const ASH_BUSYBOX = measured(
  "sf-busybox-*: Debian's busybox-static 1.35.0 ash execs a lone shell-form command. The " +
    "busybox image's own build was not measured.",
);

const DISTROLESS_README = 'https://github.com/GoogleContainerTools/distroless#readme';
const TINI_README = gh('krallin/tini', '032d6c27d3a4abc52abccabc95d30a24290b4930', 'README.md');

// ---------------------------------------------------------------------------------------------
// Distributions: what /bin/sh is, the package manager and where tini lands

interface Distro {
  /** For descriptions: "Debian", "Alpine". */
  label: string;
  shell: ImageShell;
  shellEvidence: Evidence;
  packageManager: PackageManager;
  tiniPath?: string;
  dumbInitPath?: string;
  evidence: Evidence[];
}

const DEBIAN: Distro = {
  label: 'Debian',
  shell: 'dash',
  shellEvidence: DASH_DEBIAN,
  packageManager: 'apt',
  tiniPath: '/usr/bin/tini',
  dumbInitPath: '/usr/bin/dumb-init',
  evidence: [
    documented(TINI_README, "Debian's tini package installs /usr/bin/tini."),
    measured("Setup: /usr/bin/dumb-init 1.2.5 from Debian 12's package."),
  ],
};

const UBUNTU: Distro = {
  label: 'Ubuntu',
  shell: 'dash',
  shellEvidence: DASH_UBUNTU,
  packageManager: 'apt',
  evidence: [documented('https://wiki.ubuntu.com/DashAsBinSh')],
};

const ALPINE: Distro = {
  label: 'Alpine',
  shell: 'ash',
  shellEvidence: ASH_ALPINE,
  packageManager: 'apk',
  tiniPath: '/sbin/tini',
  evidence: [documented(TINI_README, "Alpine's tini package installs /sbin/tini.")],
};

const BUSYBOX: Distro = {
  label: 'BusyBox',
  shell: 'ash',
  shellEvidence: ASH_BUSYBOX,
  packageManager: 'none',
  evidence: [documented('https://hub.docker.com/_/busybox')],
};

/** The RPM distributions: /bin/sh is bash; they differ in package manager. */
function rpmDistro(label: string, packageManager: PackageManager, source: Evidence): Distro {
  return { label, shell: 'bash', shellEvidence: BASH_AS_SH, packageManager, evidence: [source] };
}

const UBI_BLOG = 'https://www.redhat.com/en/blog/introducing-red-hat-universal-base-image';
const FEDORA = rpmDistro(
  'Fedora',
  'dnf',
  documented('https://docs.fedoraproject.org/en-US/quick-docs/dnf/'),
);
const UBI = rpmDistro('UBI', 'dnf', documented(UBI_BLOG));
const UBI_MINIMAL = rpmDistro(
  'UBI minimal',
  'microdnf',
  documented(UBI_BLOG, 'The minimal images ship microdnf instead of dnf and yum.'),
);
const EL = rpmDistro('Enterprise Linux', 'dnf', documented('https://docs.rockylinux.org/'));
const EL_MINIMAL = rpmDistro(
  'Enterprise Linux minimal',
  'microdnf',
  documented(UBI_BLOG, 'Like UBI minimal, the -minimal images of its rebuilds ship microdnf.'),
);
const MYSQL_DOCKERFILE = gh(
  'docker-library/mysql',
  '3447d2db9bc3084a226381b97ea852f8f9d96406',
  '8.4/Dockerfile.oracle',
);
const ORACLE_SLIM = rpmDistro(
  'Oracle Linux slim',
  'microdnf',
  read(MYSQL_DOCKERFILE, 'FROM oraclelinux:9-slim; installs with microdnf.'),
);
const AL_DOCS = 'https://docs.aws.amazon.com/linux/al2023/ug/package-management.html';
const AMAZON_LINUX_2 = rpmDistro(
  'Amazon Linux 2',
  'yum',
  documented(AL_DOCS, 'Amazon Linux 2 uses yum; 2023 replaced it with dnf.'),
);
const AMAZON_LINUX_2023 = rpmDistro(
  'Amazon Linux 2023',
  'dnf',
  read(
    gh(
      'corretto/corretto-docker',
      '0b775bbbba52798174a9c4c5763d0d80f8beb894',
      '21/jdk/al2023/Dockerfile',
    ),
    'FROM amazonlinux:2023; installs with dnf.',
  ),
);

const DISTROLESS: Distro = {
  label: 'distroless',
  shell: 'none',
  shellEvidence: documented(DISTROLESS_README, 'Distroless images contain no shell.'),
  packageManager: 'none',
  evidence: [documented(DISTROLESS_README, 'No package manager either.')],
};
const DISTROLESS_DEBUG: Distro = {
  label: 'distroless debug',
  shell: 'ash',
  shellEvidence: documented(
    DISTROLESS_README,
    'The :debug tags add a BusyBox shell. Its ash was not measured.',
  ),
  packageManager: 'none',
  evidence: [documented(DISTROLESS_README)],
};
const SCRATCH: Distro = {
  label: 'empty',
  shell: 'none',
  shellEvidence: documented(
    'https://docs.docker.com/build/building/base-images/',
    'scratch is an empty image: no shell, no files.',
  ),
  packageManager: 'none',
  evidence: [documented('https://docs.docker.com/build/building/base-images/')],
};

function distrolessByTag(tag: string): Distro {
  return /debug/.test(tag) ? DISTROLESS_DEBUG : DISTROLESS;
}

const DEBIAN_CODENAMES =
  /(?:^|[-.])(bookworm|bullseye|buster|trixie|forky|stretch|jessie|sid)(?:[-.]|$)/;
const UBUNTU_CODENAMES = /(?:^|[-.])(noble|jammy|focal|bionic|xenial|resolute)(?:[-.]|$)/;

/**
 * The distribution a tag names, for the images that publish several (node, python, nginx…).
 * Undefined when the tag names none, so the image's default applies; 'other' for a platform we
 * know nothing about (Windows), which makes the lookup fail.
 */
function distroOfTag(tag: string): Distro | 'other' | undefined {
  if (/windowsservercore|nanoserver|windows/.test(tag)) return 'other';
  if (/alpine/.test(tag)) return ALPINE;
  if (/ubi\d*-minimal/.test(tag)) return UBI_MINIMAL;
  if (/(?:^|-)ubi\d*(?:-|$)/.test(tag)) return UBI;
  if (/(?:^|-)al2023(?:-|$)/.test(tag)) return AMAZON_LINUX_2023;
  if (/(?:^|-)al2(?:-generic)?(?:-|$)/.test(tag)) return AMAZON_LINUX_2;
  if (/oracle/.test(tag)) return ORACLE_SLIM;
  if (UBUNTU_CODENAMES.test(tag)) return UBUNTU;
  if (DEBIAN_CODENAMES.test(tag) || /(?:^|-)(slim|debian)(?:-|$)/.test(tag)) return DEBIAN;
  return undefined;
}

/** "Debian bookworm" when the tag names the release. */
function distroLabel(distro: Distro, tag: string): string {
  const release = (
    distro === DEBIAN ? DEBIAN_CODENAMES : distro === UBUNTU ? UBUNTU_CODENAMES : undefined
  )?.exec(tag);
  return release ? `${distro.label} ${release[1]}` : distro.label;
}

// ---------------------------------------------------------------------------------------------
// Images

/** What an image adds on top of its distribution. */
interface ImageFacts {
  entrypoint?: string[];
  cmd?: string[];
  entrypointExecsArgs?: boolean;
  entrypointWithoutArgs?: string[];
  init?: BaseImageInfo['init'];
  stopSignal?: string;
  evidence: Evidence[];
}

interface ImageEntry {
  matches(ref: ImageRef): boolean;
  /** The distribution for this tag; undefined when the tag cannot be placed. */
  distro(tag: string, ref: ImageRef): Distro | undefined;
  facts?(distro: Distro, tag: string): ImageFacts;
}

function hub(...names: string[]): (ref: ImageRef) => boolean {
  const set = new Set(names);
  return (ref) => ref.registry === DOCKER_HUB && set.has(ref.repository);
}

/** An image that publishes several distributions, `fallback` for tags that name none. */
function byTag(fallback: Distro | undefined): (tag: string) => Distro | undefined {
  return (tag) => {
    const named = distroOfTag(tag);
    return named === 'other' ? undefined : (named ?? fallback);
  };
}

/** An image on one distribution whatever the tag. */
function always(distro: Distro): (tag: string) => Distro {
  return () => distro;
}

/** An entrypoint script that ends with `exec "$@"`, read in the image's repository. */
function execScript(path: string, cmd: string[] | undefined, source: string): ImageFacts {
  return {
    entrypoint: [path],
    cmd,
    entrypointExecsArgs: true,
    evidence: [read(source, `ENTRYPOINT ["${path}"], which ends with exec "$@".`)],
  };
}

const NODE_ENTRYPOINT = gh(
  'nodejs/docker-node',
  '4b0f1265fc4b85be0af188615e4fcb9a08455e77',
  '23/alpine3.21/docker-entrypoint.sh',
);
const NODE_DOCKERFILE = gh(
  'nodejs/docker-node',
  '009449f787348218b6b4ecbfb359b8dd1d0092fc',
  '20/bookworm/Dockerfile',
);
const NGINX_DOCKERFILE = gh(
  'nginxinc/docker-nginx',
  '00066aeb5eadd4cedaae5dc9ef37617938466038',
  'mainline/alpine-slim/Dockerfile',
);
const NGINX_ENTRYPOINT = gh(
  'nginxinc/docker-nginx',
  '4370fa1e7c8a2aa66205b26c3fb08beb2c37c1b0',
  'mainline/debian/docker-entrypoint.sh',
);
const POSTGRES_DOCKERFILE = gh(
  'docker-library/postgres',
  '03e18d66ddd00497a6a7f8365747fb31386ccba6',
  '16/bookworm/Dockerfile',
);
const POSTGRES_ENTRYPOINT = gh(
  'docker-library/postgres',
  '11baeba73ac7e0f6c66c3bbcb263bf6adbec4add',
  '16/bullseye/docker-entrypoint.sh',
);
const TEMURIN_DOCKERFILE = gh(
  'adoptium/containers',
  '02b2232323f715945c6cf911f1092af8fb2372c5',
  '21/jre/ubuntu/noble/Dockerfile',
);
const TEMURIN_ENTRYPOINT = gh(
  'adoptium/containers',
  '5b34fa804e1a82b0a7bdc3d56e4d16240fd28e6d',
  '21/jre/ubuntu/noble/entrypoint.sh',
);
const JENKINS_DEBIAN = gh(
  'jenkinsci/docker',
  '0556428af89dc2c560031d8e2d4e8082f9f3479f',
  'debian/bookworm/hotspot/Dockerfile',
);
const JENKINS_ALPINE = gh(
  'jenkinsci/docker',
  '038d95909e3eeb38b9a238bfeb664b8f344c35a5',
  'alpine/hotspot/Dockerfile',
);
const REDIS_HISTORY = 'https://github.com/docker-library/repo-info/tree/master/repos/redis';
const LINUXSERVER_BASE = gh(
  'linuxserver/docker-baseimage-alpine',
  '00d175e3eecf7fb127f071fa04e795520ad169bb',
  'Dockerfile',
);

const IMAGES: ImageEntry[] = [
  {
    matches: hub('node'),
    distro: byTag(DEBIAN),
    facts: () => ({
      ...execScript('docker-entrypoint.sh', ['node'], NODE_ENTRYPOINT),
      entrypointWithoutArgs: ['node'],
      evidence: [
        read(NODE_DOCKERFILE, 'ENTRYPOINT ["docker-entrypoint.sh"], CMD [ "node" ].'),
        read(
          NODE_ENTRYPOINT,
          'Ends with exec "$@" (the script is generated alike for every version and variant); before that, set -- node "$@" when the first argument starts with - or is not a command, as an empty one is not.',
        ),
      ],
    }),
  },
  {
    matches: hub('python'),
    distro: byTag(DEBIAN),
    facts: () => ({
      cmd: ['python3'],
      evidence: [
        read(
          gh(
            'docker-library/python',
            '01ba658cff9cf56c72e55c85cea9705826cc19f1',
            '3.12/slim-bookworm/Dockerfile',
          ),
          'No ENTRYPOINT; CMD ["python3"].',
        ),
      ],
    }),
  },
  {
    matches: hub('ruby'),
    distro: byTag(DEBIAN),
    facts: () => ({
      cmd: ['irb'],
      evidence: [
        read(
          gh(
            'docker-library/ruby',
            '0127a2ff1ba87c35091d417c4d86cc4165f34bcb',
            '3.3/slim-bookworm/Dockerfile',
          ),
          'No ENTRYPOINT; CMD [ "irb" ].',
        ),
      ],
    }),
  },
  {
    matches: hub('php'),
    distro: byTag(DEBIAN),
    facts: (_distro, tag) => {
      const script = execScript(
        'docker-php-entrypoint',
        undefined,
        gh(
          'docker-library/php',
          '665bf50bc9471938e4bdc9d07264071db42e4e28',
          'docker-php-entrypoint',
        ),
      );
      // Only the CLI variant's CMD was read; fpm and apache set their own.
      if (/fpm|apache|zts/.test(tag)) return script;
      const dockerfile = gh(
        'docker-library/php',
        '092d7bdebba2a4e204a349280e54a59f78cfc327',
        '8.3/bookworm/cli/Dockerfile',
      );
      return {
        ...script,
        cmd: ['php', '-a'],
        evidence: [...script.evidence, read(dockerfile, 'CLI variant: CMD ["php", "-a"].')],
      };
    },
  },
  {
    matches: hub('golang'),
    distro: byTag(DEBIAN),
    facts: () => ({
      evidence: [
        read(
          gh(
            'docker-library/golang',
            '01abd89f7fda4586d2dc2d18c2ff70fd90199198',
            '1.22/bookworm/Dockerfile',
          ),
          'Sets neither ENTRYPOINT nor CMD: they come from buildpack-deps.',
        ),
      ],
    }),
  },
  {
    matches: hub('eclipse-temurin'),
    distro: byTag(UBUNTU),
    facts: () => ({
      ...execScript('/__cacert_entrypoint.sh', undefined, TEMURIN_ENTRYPOINT),
      evidence: [
        read(TEMURIN_DOCKERFILE, 'FROM ubuntu:24.04; ENTRYPOINT ["/__cacert_entrypoint.sh"].'),
        read(
          TEMURIN_ENTRYPOINT,
          'Ends with exec "$@". Older tags predate this entrypoint and have none.',
        ),
      ],
    }),
  },
  {
    // The deprecated openjdk images moved between Debian and Oracle Linux across versions, so
    // only a tag that names its distribution can be placed.
    matches: hub('openjdk'),
    distro: byTag(undefined),
  },
  {
    matches: hub('amazoncorretto'),
    distro: byTag(AMAZON_LINUX_2),
    facts: () => ({
      evidence: [
        read(
          gh(
            'corretto/corretto-docker',
            '0b775bbbba52798174a9c4c5763d0d80f8beb894',
            '21/jdk/al2023/Dockerfile',
          ),
          'Sets neither ENTRYPOINT nor CMD. Tags that name no distribution are taken to be the Amazon Linux 2 builds; that mapping was not read in a Dockerfile.',
        ),
      ],
    }),
  },
  {
    matches: hub('nginx'),
    distro: byTag(DEBIAN),
    facts: () => ({
      ...execScript('/docker-entrypoint.sh', ['nginx', '-g', 'daemon off;'], NGINX_ENTRYPOINT),
      stopSignal: 'SIGQUIT',
      evidence: [
        read(
          NGINX_DOCKERFILE,
          'ENTRYPOINT ["/docker-entrypoint.sh"], STOPSIGNAL SIGQUIT, CMD ["nginx", "-g", "daemon off;"].',
        ),
        read(NGINX_ENTRYPOINT, 'Ends with exec "$@".'),
      ],
    }),
  },
  {
    matches: hub('httpd'),
    distro: byTag(DEBIAN),
    facts: () => ({
      cmd: ['httpd-foreground'],
      evidence: [
        read(
          gh(
            'docker-library/httpd',
            '01defda6b4efea6e0cac03ed86978a5ceb33b7ca',
            '2.4/alpine/Dockerfile',
          ),
          'No ENTRYPOINT; CMD ["httpd-foreground"].',
        ),
        read(
          gh(
            'docker-library/httpd',
            'e927bc677ef50b1f63cab483287d5560aa5dd9fe',
            '2.4/alpine/httpd-foreground',
          ),
          'httpd-foreground is a script that ends with exec of httpd -DFOREGROUND.',
        ),
      ],
    }),
  },
  {
    matches: hub('postgres'),
    distro: byTag(DEBIAN),
    facts: () => ({
      ...execScript('docker-entrypoint.sh', ['postgres'], POSTGRES_ENTRYPOINT),
      stopSignal: 'SIGINT',
      evidence: [
        read(
          POSTGRES_DOCKERFILE,
          'ENTRYPOINT ["docker-entrypoint.sh"], STOPSIGNAL SIGINT (fast shutdown), CMD ["postgres"].',
        ),
        read(POSTGRES_ENTRYPOINT, 'Ends with exec "$@" (through exec gosu when started as root).'),
      ],
    }),
  },
  {
    matches: hub('redis'),
    distro: byTag(DEBIAN),
    facts: () => ({
      entrypoint: ['docker-entrypoint.sh'],
      cmd: ['redis-server'],
      entrypointExecsArgs: true,
      evidence: [
        read(
          REDIS_HISTORY,
          'Image history: ENTRYPOINT ["docker-entrypoint.sh"], CMD ["redis-server"].',
        ),
        {
          kind: 'published-dockerfile',
          source: 'docker-library/redis docker-entrypoint.sh, as copied into public repositories',
          note: 'The official file itself was not in the searchable index; several verbatim copies end with exec "$@" (and re-exec through gosu as root).',
        },
      ],
    }),
  },
  {
    matches: hub('mongo'),
    distro: byTag(UBUNTU),
    facts: () => ({
      ...execScript(
        'docker-entrypoint.sh',
        ['mongod'],
        gh(
          'docker-library/mongo',
          'c94b70a081cea77e2364908fbf994c4b7a3cc5a5',
          '7.0/docker-entrypoint.sh',
        ),
      ),
      evidence: [
        read(
          gh('docker-library/mongo', '005cf5957292a46cdada392a610687e56d04b225', '7.0/Dockerfile'),
          'FROM ubuntu:jammy; ENTRYPOINT ["docker-entrypoint.sh"], CMD ["mongod"].',
        ),
        read(
          gh(
            'docker-library/mongo',
            'c94b70a081cea77e2364908fbf994c4b7a3cc5a5',
            '7.0/docker-entrypoint.sh',
          ),
          'Ends with exec "$@".',
        ),
      ],
    }),
  },
  {
    matches: hub('mysql'),
    distro: byTag(ORACLE_SLIM),
    facts: () => ({
      ...execScript(
        'docker-entrypoint.sh',
        ['mysqld'],
        gh(
          'docker-library/mysql',
          '06118821c80d79b251254736b06670828b63b6aa',
          '8.4/docker-entrypoint.sh',
        ),
      ),
      evidence: [
        read(MYSQL_DOCKERFILE, 'ENTRYPOINT ["docker-entrypoint.sh"], CMD ["mysqld"].'),
        read(
          gh(
            'docker-library/mysql',
            '06118821c80d79b251254736b06670828b63b6aa',
            '8.4/docker-entrypoint.sh',
          ),
          'Ends with exec "$@".',
        ),
      ],
    }),
  },
  {
    matches: hub('debian'),
    distro: always(DEBIAN),
    facts: () => ({
      cmd: ['bash'],
      evidence: [read(REDIS_HISTORY, 'The debian layer of an image history: CMD ["bash"].')],
    }),
  },
  { matches: hub('ubuntu'), distro: always(UBUNTU) },
  {
    matches: hub('alpine'),
    distro: always(ALPINE),
    facts: () => ({
      cmd: ['/bin/sh'],
      evidence: [
        read(
          gh(
            'docker-library/repo-info',
            '1746b58749182f00f5d2c26a53fff697cfce2c81',
            'repos/alpine/remote/3.21.md',
          ),
          'CMD ["/bin/sh"].',
        ),
      ],
    }),
  },
  { matches: hub('busybox'), distro: always(BUSYBOX) },
  { matches: hub('fedora'), distro: always(FEDORA) },
  {
    // ubi-micro has no package manager and was not looked at, so it stays unknown.
    matches: (ref) =>
      (/^registry\.(access\.)?redhat\.(com|io)$/.test(ref.registry) &&
        /^ubi\d+(?:\/ubi|\/ubi-minimal|-minimal)?$/.test(ref.repository)) ||
      (ref.registry === DOCKER_HUB && /^redhat\/ubi\d+(?:-minimal)?$/.test(ref.repository)),
    distro: (_tag, ref) => (ref.repository.endsWith('minimal') ? UBI_MINIMAL : UBI),
  },
  {
    matches: (ref) =>
      hub('rockylinux', 'almalinux', 'rockylinux/rockylinux')(ref) ||
      (ref.registry === 'quay.io' &&
        /^(rockylinux\/rockylinux|almalinuxorg\/almalinux)$/.test(ref.repository)),
    distro: (tag) => (/minimal/.test(tag) ? EL_MINIMAL : EL),
  },
  {
    // amazonlinux:latest has been 2023 since its release; `2` still names Amazon Linux 2.
    matches: hub('amazonlinux'),
    distro: (tag) =>
      /^2(?:\.|-|$)/.test(tag) && !/^2023/.test(tag) ? AMAZON_LINUX_2 : AMAZON_LINUX_2023,
  },
  {
    matches: (ref) => ref.registry === 'gcr.io' && ref.repository.startsWith('distroless/nodejs'),
    distro: distrolessByTag,
    facts: () => ({
      entrypoint: ['/nodejs/bin/node'],
      evidence: [
        read(
          gh(
            'GoogleContainerTools/distroless',
            '11eeda55665c49dfc0918ad4ab9f1cf0b4b3a698',
            'nodejs/nodejs.bzl',
          ),
          'entrypoint = ["/nodejs/bin/node"].',
        ),
      ],
    }),
  },
  {
    matches: (ref) => ref.registry === 'gcr.io' && ref.repository.startsWith('distroless/'),
    distro: distrolessByTag,
  },
  { matches: hub('scratch'), distro: always(SCRATCH) },
  {
    matches: hub('jenkins/jenkins'),
    distro: byTag(DEBIAN),
    facts: (distro) => {
      const alpine = distro === ALPINE;
      const tini = alpine ? '/sbin/tini' : '/usr/bin/tini';
      return {
        entrypoint: [tini, '--', '/usr/local/bin/jenkins.sh'],
        init: { name: 'tini', path: tini },
        evidence: [
          read(
            alpine ? JENKINS_ALPINE : JENKINS_DEBIAN,
            `ENTRYPOINT ["${tini}", "--", "/usr/local/bin/jenkins.sh"].`,
          ),
        ],
      };
    },
  },
  {
    matches: (ref) =>
      (ref.registry === 'lscr.io' || ref.registry === 'ghcr.io' || ref.registry === DOCKER_HUB) &&
      ref.repository.startsWith('linuxserver/'),
    distro: () => ({
      label: 'linuxserver base image',
      shell: 'unknown',
      shellEvidence: read(
        LINUXSERVER_BASE,
        'linuxserver images build on its Alpine or Ubuntu base images; the name does not say which.',
      ),
      packageManager: 'none',
      evidence: [],
    }),
    facts: () => ({
      entrypoint: ['/init'],
      init: { name: 's6-overlay', path: '/init' },
      evidence: [read(LINUXSERVER_BASE, 'ENTRYPOINT ["/init"] (s6-overlay).')],
    }),
  },
  {
    matches: (ref) => ref.registry === DOCKER_HUB && ref.repository.startsWith('bitnami/'),
    distro: () => ({
      ...DEBIAN,
      label: 'Debian (bitnami/minideb)',
      evidence: [
        read(
          'https://github.com/bitnami/containers',
          'Application images build FROM docker.io/bitnami/minideb:bookworm, a Debian image.',
        ),
        ...DEBIAN.evidence,
      ],
    }),
  },
];

/**
 * What the product knows about an image reference, or undefined for an image it does not know
 * (or a reference that is not one, such as an unresolved `${BASE}`). The caller resolves
 * `FROM <stage>` chains first.
 */
export function lookupBaseImage(ref: string): BaseImageInfo | undefined {
  const parsed = parseImageRef(ref);
  if (!parsed) return undefined;

  // A digest alone does not say which variant it is; the repository's default is the guess
  // that matches `docker pull name@digest` of the default tag.
  const tag = parsed.tag ?? 'latest';
  const entry = IMAGES.find((e) => e.matches(parsed));
  const distro = entry?.distro(tag, parsed);
  if (!entry || !distro) return undefined;

  const facts = entry.facts?.(distro, tag) ?? { evidence: [] };
  const name =
    parsed.registry === DOCKER_HUB ? parsed.repository : `${parsed.registry}/${parsed.repository}`;
  const shown = parsed.tag
    ? `${name}:${parsed.tag}`
    : parsed.digest
      ? `${name}@${parsed.digest.slice(0, 19)}…`
      : name;
  const info: BaseImageInfo = {
    description: `${shown} (${distroLabel(distro, tag)})`,
    shell: distro.shell,
    shellEvidence: distro.shellEvidence,
    packageManager: distro.packageManager,
    evidence: [distro.shellEvidence, ...distro.evidence, ...facts.evidence],
  };
  if (facts.entrypoint) info.entrypoint = [...facts.entrypoint];
  if (facts.cmd) info.cmd = [...facts.cmd];
  if (facts.entrypointExecsArgs !== undefined) info.entrypointExecsArgs = facts.entrypointExecsArgs;
  if (facts.entrypointWithoutArgs) info.entrypointWithoutArgs = [...facts.entrypointWithoutArgs];
  if (facts.init) info.init = { ...facts.init };
  if (facts.stopSignal) info.stopSignal = facts.stopSignal;
  if (distro.tiniPath) info.tiniPath = distro.tiniPath;
  if (distro.dumbInitPath) info.dumbInitPath = distro.dumbInitPath;
  return info;
}

// ---------------------------------------------------------------------------------------------
// Programs

/** What a program does as PID 1. */
export interface ProgramInfo {
  /** 'node', 'npm', 'java', 'tini', ... */
  name: string;
  kind: 'runtime' | 'package-manager' | 'init' | 'shell' | 'server';
  /**
   * As PID 1 with no handler of the app's own: 'ignores' (keeps running until SIGKILL), 'exits'
   * (stops by itself), 'exits-143' (JVM: runs shutdown hooks, then reports 143), 'unknown'.
   */
  sigtermAsPid1: 'ignores' | 'exits' | 'exits-143' | 'unknown';
  reapsOrphans: boolean | 'unknown';
  /** For servers whose graceful stop signal is not SIGTERM (nginx: SIGQUIT). */
  gracefulSignal?: string;
  /**
   * For a runtime that also runs package scripts (bun): the first arguments that make it do
   * so (`bun run start`).
   */
  packageManagerVerbs?: string[];
  evidence: Evidence[];
}

const REAP_NOTE = 'z-* rows: 50 orphans re-parented to PID 1';

function program(
  names: string[],
  info: Omit<ProgramInfo, 'name'>,
): { names: string[]; info: ProgramInfo } {
  return { names, info: { name: names[0], ...info } };
}

function shell(name: string): { names: string[]; info: ProgramInfo } {
  return program([name], {
    kind: 'shell',
    sigtermAsPid1: 'ignores',
    reapsOrphans: true,
    evidence: [
      measured(
        'sf-dash-app, sh-bash-done-app, sh-busybox-done-app: a shell that stays PID 1 ignores ' +
          'SIGTERM (137 after the grace period), for dash 0.5.12, bash 5.2.15 and BusyBox 1.35 ash.',
      ),
      measured(`z-sh-dash-done, z-sh-bash-done, z-sh-busybox-done (${REAP_NOTE}): 0 zombies.`),
    ],
  });
}

function notEstablished(
  kind: ProgramInfo['kind'],
  source: string,
  note: string,
): Omit<ProgramInfo, 'name'> {
  return {
    kind,
    sigtermAsPid1: 'unknown',
    reapsOrphans: 'unknown',
    evidence: [documented(source, note)],
  };
}

const NGINX_CONTROL = 'https://nginx.org/en/docs/control.html';
const PYTHON_SIGNAL = 'https://docs.python.org/3/library/signal.html';

const PROGRAMS = [
  program(['node', 'nodejs'], {
    kind: 'runtime',
    sigtermAsPid1: 'ignores',
    reapsOrphans: false,
    evidence: [
      measured('exec-app: node v20 without a SIGTERM handler as PID 1 ran until SIGKILL (137).'),
      measured(`z-exec (${REAP_NOTE}): 50 zombies.`),
    ],
  }),
  program(['npm'], {
    kind: 'package-manager',
    sigtermAsPid1: 'exits',
    reapsOrphans: false,
    evidence: [
      measured(
        'npm-dash-start, npm-busybox-nohandler: npm 6-11 as PID 1 forwards SIGTERM to its ' +
          "script's sh and exits by itself (npm 8-11: 1 after ~0.5 s; npm 6: 0). With dash the " +
          "app's handler never ran.",
      ),
      measured(`z-npm (${REAP_NOTE}): 50 zombies.`),
    ],
  }),
  program(
    ['npx'],
    notEstablished('package-manager', 'https://docs.npmjs.com/cli/commands/npx', 'Not measured.'),
  ),
  program(
    ['yarn', 'yarnpkg'],
    notEstablished('package-manager', 'https://yarnpkg.com/cli/run', 'Not measured.'),
  ),
  program(['pnpm'], notEstablished('package-manager', 'https://pnpm.io/cli/run', 'Not measured.')),
  program(
    ['bunx'],
    notEstablished('package-manager', 'https://bun.sh/docs/cli/bunx', 'Not measured.'),
  ),
  program(['bun'], {
    ...notEstablished('runtime', 'https://bun.sh/docs/cli/run', 'Not measured.'),
    packageManagerVerbs: ['run', 'x'],
  }),
  program(['java'], {
    kind: 'runtime',
    sigtermAsPid1: 'exits-143',
    reapsOrphans: 'unknown',
    evidence: [
      documented(
        'https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/lang/Runtime.html#addShutdownHook(java.lang.Thread)',
        'The JVM shuts down on a termination signal and runs its shutdown hooks.',
      ),
      documented(TINI_README, 'Java apps exit 143 after SIGTERM (the reason for tini -e 143).'),
    ],
  }),
  program(['python', 'python3'], {
    ...notEstablished(
      'runtime',
      PYTHON_SIGNAL,
      'Python installs handlers for SIGINT and SIGPIPE only, so SIGTERM keeps its default action, ' +
        'which the kernel does not apply to PID 1: likely ignored, but not measured.',
    ),
  }),
  program(['tini'], {
    kind: 'init',
    sigtermAsPid1: 'exits',
    reapsOrphans: true,
    evidence: [
      measured('init-tini-app: tini 0.19 passes SIGTERM on and exits with its child (143).'),
      measured(`z-tini, z-tinig (${REAP_NOTE}): 0 zombies.`),
    ],
  }),
  program(['docker-init'], {
    kind: 'init',
    sigtermAsPid1: 'exits',
    reapsOrphans: true,
    evidence: [
      measured('Setup: docker-init is tini 0.19.0 (static). init-docker-app: exits 143.'),
      measured(`z-init (${REAP_NOTE}): 0 zombies.`),
    ],
  }),
  program(['dumb-init'], {
    kind: 'init',
    sigtermAsPid1: 'exits',
    reapsOrphans: true,
    evidence: [
      measured('init-dumb-app: dumb-init 1.2.5 passes SIGTERM on and exits with its child (143).'),
      measured(`z-dumb (${REAP_NOTE}): 0 zombies.`),
    ],
  }),
  program(['catatonit'], {
    kind: 'init',
    sigtermAsPid1: 'unknown',
    reapsOrphans: true,
    evidence: [
      documented(
        'https://github.com/openSUSE/catatonit#readme',
        'A container init (podman --init) that forwards signals and reaps zombies. Not measured.',
      ),
    ],
  }),
  program(['s6-svscan'], {
    kind: 'init',
    sigtermAsPid1: 'unknown',
    reapsOrphans: true,
    evidence: [
      documented(
        'https://skarnet.org/software/s6/s6-svscan.html',
        'Designed to run as process 1, where it reaps orphans. Not measured.',
      ),
    ],
  }),
  program(['supervisord'], {
    kind: 'init',
    sigtermAsPid1: 'exits',
    reapsOrphans: 'unknown',
    evidence: [
      documented(
        'http://supervisord.org/running.html#signals',
        'SIGTERM: supervisord and all its subprocesses shut down.',
      ),
    ],
  }),
  shell('sh'),
  shell('dash'),
  shell('bash'),
  shell('ash'),
  program(['nginx'], {
    kind: 'server',
    sigtermAsPid1: 'exits',
    reapsOrphans: 'unknown',
    gracefulSignal: 'SIGQUIT',
    evidence: [documented(NGINX_CONTROL, 'TERM, INT: fast shutdown. QUIT: graceful shutdown.')],
  }),
  program(['postgres'], {
    kind: 'server',
    sigtermAsPid1: 'exits',
    reapsOrphans: 'unknown',
    evidence: [
      documented(
        'https://www.postgresql.org/docs/current/server-shutdown.html',
        'SIGTERM: smart shutdown, which waits for every session to end and can outlast the ' +
          "grace period; SIGINT: fast shutdown (the official image's STOPSIGNAL).",
      ),
    ],
  }),
  program(['redis-server'], {
    kind: 'server',
    sigtermAsPid1: 'exits',
    reapsOrphans: 'unknown',
    evidence: [
      documented(
        'https://redis.io/docs/reference/signals',
        'SIGTERM and SIGINT: graceful shutdown (saves when persistence is on), exit code 0.',
      ),
    ],
  }),
  program(['httpd', 'apache2'], {
    kind: 'server',
    sigtermAsPid1: 'exits',
    reapsOrphans: 'unknown',
    gracefulSignal: 'SIGWINCH',
    evidence: [
      documented(
        'https://httpd.apache.org/docs/2.4/stopping.html',
        'TERM: stop now, aborting requests. WINCH: graceful stop.',
      ),
    ],
  }),
  program(['gunicorn'], {
    kind: 'server',
    sigtermAsPid1: 'exits',
    reapsOrphans: 'unknown',
    evidence: [
      documented(
        'https://gunicorn.org/signals',
        'Master: TERM is a graceful shutdown that waits for workers up to graceful_timeout.',
      ),
    ],
  }),
  program(
    ['uvicorn'],
    notEstablished(
      'server',
      'https://www.uvicorn.org/deployment/',
      'Signal behaviour as PID 1 not established.',
    ),
  ),
];

const BY_NAME = new Map<string, ProgramInfo>();
for (const { names, info } of PROGRAMS) for (const n of names) BY_NAME.set(n, info);

const S6_OVERLAY_INIT: ProgramInfo = {
  name: 's6-overlay',
  kind: 'init',
  sigtermAsPid1: 'exits',
  reapsOrphans: true,
  evidence: [
    documented(
      'https://github.com/just-containers/s6-overlay#readme',
      '/init runs as PID 1, reaps zombies, and on SIGTERM stops the supervised services and exits. ' +
        'It refuses to run below PID 1.',
    ),
  ],
};

/**
 * What is known about a program by the path or name that starts it. Names match by basename,
 * exactly or through a known alias (`nodejs`, `python3.12`); `/init` is s6-overlay's init only
 * as that exact path, since other images have unrelated programs called init.
 */
export function lookupProgram(argv0: string): ProgramInfo | undefined {
  if (argv0 === '/init') return S6_OVERLAY_INIT;

  const name = argv0.slice(argv0.lastIndexOf('/') + 1);
  const python = /^python(?:3(?:\.\d+)?)?$/.test(name) ? 'python' : undefined;
  return BY_NAME.get(python ?? name);
}

/** An init (tini, dumb-init, docker-init, catatonit, s6, supervisord) by path or name. */
export function isInit(argv0: string): boolean {
  return lookupProgram(argv0)?.kind === 'init';
}

/** A POSIX shell (sh, dash, bash, ash) by path or name. */
export function isShell(argv0: string): boolean {
  return lookupProgram(argv0)?.kind === 'shell';
}

/**
 * A package manager (npm, npx, yarn, pnpm, bunx) by path or name; for bun, only with a first
 * argument that runs a package script (`bun run start`).
 */
export function isPackageManager(argv0: string, firstArg?: string): boolean {
  const info = lookupProgram(argv0);
  if (!info) return false;
  if (info.kind === 'package-manager') return true;
  return firstArg !== undefined && (info.packageManagerVerbs ?? []).includes(firstArg);
}
