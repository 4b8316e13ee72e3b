#!/usr/bin/env bash
# Builds the local test images pid1t:dash, pid1t:bash and pid1t:busybox without any registry:
# a root filesystem assembled from this machine's own binaries, imported with `docker import`.
# The three differ only in what /bin/sh is. Skips the import when all three already carry the
# content hash of the root filesystem it would import.
#
# Needs DOCKER_HOST (see .ci/docker-setup.sh); PID1_DOCKER_CLI picks the client (default docker).
set -euo pipefail

started=$(date +%s%N)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${PID1_IMAGES_DIR:-$repo/.tmp/images}
docker=${PID1_DOCKER_CLI:-docker}
log() { echo "build-images: $*" >&2; }

for tool in node tini dumb-init busybox dash bash ldd tar sha256sum; do
  command -v "$tool" >/dev/null || { log "$tool is missing (apt-get install tini dumb-init busybox-static)"; exit 1; }
done

rm -rf "$work"
root=$work/rootfs
mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc,tmp,root,proc,sys,dev,app}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
# Debian 12 is usr-merged; keeping that layout makes /proc/1/cmdline and /proc/1/exe read the same
# as on a real Debian-based image (/bin/sh -> usr/bin/sh).
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done

# Copies a host binary and every library the dynamic loader would map for it, loader included.
add_binary() {
  local bin=$1 lib
  cp -L "$bin" "$root/usr/bin/$(basename "$bin")"
  # ldd prints "name => /path (addr)" for libraries and "/path (addr)" for the loader.
  for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*' || true); do
    lib=$(realpath -s "$lib")
    case $lib in /lib/* | /lib64/*) lib=/usr$lib ;; esac
    mkdir -p "$root$(dirname "$lib")"
    [ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
  done
}
for bin in node tini dumb-init dash bash busybox; do add_binary "$(command -v "$bin")"; done

# The few tools the apps and the demo use inside the container, all from the one static busybox.
for applet in cat env sleep tr ls ps kill; do ln -s busybox "$root/usr/bin/$applet"; done

npm_src=$(dirname "$(dirname "$(realpath "$(command -v npm)")")")
mkdir -p "$root/usr/lib/node_modules"
cp -a "$npm_src" "$root/usr/lib/node_modules/npm"
rm -rf "$root/usr/lib/node_modules/npm/docs" "$root/usr/lib/node_modules/npm/man"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

cp "$here/apps/"*.js "$here/apps/package.json" "$root/app/"
cp "$here/apps/entry-noexec.sh" "$here/apps/entry-exec.sh" "$root/"
chmod 755 "$root/entry-noexec.sh" "$root/entry-exec.sh"

# Deterministic tar (sorted names, fixed times and owners), so equal inputs hash equal.
tar_opts=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu)
tar "${tar_opts[@]}" -C "$root" -cf "$work/base.tar" .
hash=$(sha256sum "$work/base.tar" | cut -c1-16)

up_to_date=1
for variant in dash bash busybox; do
  label=$("$docker" image inspect -f '{{index .Config.Labels "pid1t.hash"}}' "pid1t:$variant" 2>/dev/null || true)
  [ "$label" = "$hash" ] || up_to_date=0
done

if [ "$up_to_date" = 1 ]; then
  log "pid1t:dash, pid1t:bash, pid1t:busybox are up to date ($hash)"
else
  for variant in dash bash busybox; do
    # busybox picks its applet from argv[0], so a /bin/sh link to it runs ash.
    mkdir -p "$work/sh-$variant/usr/bin"
    ln -s "$variant" "$work/sh-$variant/usr/bin/sh"
    cp "$work/base.tar" "$work/$variant.tar"
    tar "${tar_opts[@]}" -C "$work/sh-$variant" -rf "$work/$variant.tar" ./usr/bin/sh
    "$docker" import \
      --change 'WORKDIR /app' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV HOME=/root' \
      --change 'CMD ["node", "/app/app.js"]' \
      --change "LABEL pid1t.hash=$hash pid1t.sh=$variant" \
      "$work/$variant.tar" "pid1t:$variant" >/dev/null
    log "imported pid1t:$variant ($hash)"
  done
fi

rm -rf "$work"
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
log "done in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s"
