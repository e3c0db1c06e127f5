#!/usr/bin/env bash
# Runs the README's two commands, as a newcomer would, on a fresh Debian 13 ("trixie"): builds a
# minimal trixie root with debootstrap from Debian's archive (Debian 12's keyring verifies it),
# clones the commit under test into it, and runs `./kit` then `./kit test` there. The root is
# torn down at the end whatever happened; nothing is kept between runs.
#
# Usage, as root on Debian 12 or 13, from anywhere in a checkout:  tools/ci/debian13.sh
# Needs about 3 GB of free space under $TMPDIR (default /var/tmp) and access to deb.debian.org.
set -euo pipefail

readonly SUITE=trixie
readonly MIRROR=http://deb.debian.org/debian
REPO="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
# The commit under test is the one checked out when the run starts, not when the clone is made.
COMMIT="$(git -C "$REPO" rev-parse HEAD)"
readonly REPO COMMIT

say() { printf '\033[1mdebian13:\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31mdebian13:\033[0m %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || fail "run me as root: debootstrap, chroot and mount need it"
command -v debootstrap >/dev/null || {
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}
[[ -f /usr/share/debootstrap/scripts/$SUITE ]] ||
  fail "this debootstrap does not know '$SUITE'; install a newer one (bookworm's knows it)"

ROOT="$(mktemp -d "${TMPDIR:-/var/tmp}/cancelkit-$SUITE.XXXXXX")"
readonly ROOT
chmod 0755 "$ROOT"  # it becomes "/": apt's _apt user and the tests must be able to enter it

# Every mount point under the root, deepest first, as the kernel lists them.
mounts_under_root() {
  awk -v root="$ROOT" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/self/mounts |
    sort -r
}

# Whatever happened: stop what still runs inside the root, unmount, delete. Only then is it safe
# to delete: a /dev still mounted there would take the machine's device nodes with it.
tear_down() {
  local status=$? pid point
  trap - EXIT INT TERM
  local attempt
  for attempt in {1..10}; do
    ((attempt > 1)) && sleep 0.5 # killed processes release their files only once they are gone
    local inside=0
    for pid in /proc/[0-9]*; do
      if [[ "$(readlink "$pid/root" 2>/dev/null)" == "$ROOT" ]]; then
        inside=1
        kill -KILL "${pid#/proc/}" 2>/dev/null
      fi
    done
    ((inside)) || break
  done
  # A mount still busy after that is detached lazily: it vanishes from the root at once, so the
  # deletion below cannot reach through it, and the kernel frees it when its last user is gone.
  while read -r point; do
    umount "$point" 2>/dev/null || umount --lazy "$point" || say "could not unmount $point"
  done < <(mounts_under_root)
  if [[ -n "$(mounts_under_root)" ]]; then
    say "still mounted, so $ROOT is left in place:"
    mounts_under_root >&2
    exit 1
  fi
  rm -rf --one-file-system "$ROOT"
  say "root removed; nothing left mounted"
  exit "$status"
}
trap tear_down EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mount_in_root() {
  local point=$1
  shift
  mount "$@" "$ROOT$point"
}

# Minutes and seconds since `start`.
elapsed() { printf '%dm%02ds' $(((SECONDS - $1) / 60)) $(((SECONDS - $1) % 60)); }

begin=$SECONDS
say "building a minimal $SUITE root in $ROOT"
debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 || {
  tail -n 30 "$ROOT.debootstrap.log" >&2
  rm -f "$ROOT.debootstrap.log"
  fail "debootstrap failed"
}
rm -f "$ROOT.debootstrap.log"
say "root built in $(elapsed "$begin")"

# What the kit and its tests use of the system: processes (/proc/self/fd for the server's socket
# lookup), devices and terminals, shared memory, and name resolution for apt.
mount_in_root /proc -t proc proc
mount_in_root /sys -t sysfs sysfs
mount_in_root /dev -t devtmpfs -o mode=0755,nosuid udev
mount_in_root /dev/pts -t devpts -o mode=0620,gid=5,nosuid,noexec devpts
mount_in_root /dev/shm -t tmpfs -o mode=1777,nosuid,nodev shm
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"

say "cloning $COMMIT"
git clone --quiet --no-checkout "$REPO" "$ROOT/root/cancelkit"
git -C "$ROOT/root/cancelkit" checkout --quiet --detach "$COMMIT"

# A newcomer's shell: a clean environment, the README's two commands, nothing typed in between.
# It runs in the background so that a signal reaches tear_down at once, not when it has finished.
in_root() {
  chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /root/cancelkit && $1" </dev/null &
  wait $!
}
begin=$SECONDS
say "$SUITE: ./kit"
in_root ./kit
say "./kit done in $(elapsed "$begin")"
begin=$SECONDS
say "$SUITE: ./kit test"
in_root "./kit test"
say "./kit test passed in $(elapsed "$begin")"
