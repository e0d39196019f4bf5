#!/bin/sh
# Installs what the real-lab tests (test/lab) need: simulated BMC, ipmitool, fence agents, sshd.
# Also ansible (ships the ovirt.ovirt collection; the oVirt export is checked with ansible-playbook
# --syntax-check and ansible-doc).
# Idempotent and non-interactive (CI=true, no stdin). Debian/Ubuntu; run as root or with sudo.
#   scripts/install-lab.sh            install what is missing
#   scripts/install-lab.sh --check    exit 1 if something is missing, change nothing
set -eu

PACKAGES="openipmi ipmitool fence-agents openssh-server openssh-client socat iproute2 pacemaker-cli-utils ansible"

missing() {
  for pkg in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
    *" installed") ;;
    *) printf '%s ' "$pkg" ;;
    esac
  done
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-lab: needs a Debian or Ubuntu system (apt-get)" >&2
  exit 2
fi

todo=$(missing)
if [ -z "$todo" ]; then
  echo "install-lab: all present ($PACKAGES)"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "install-lab: missing: $todo" >&2
  exit 1
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "install-lab: run as root (missing: $todo)" >&2
    exit 2
  fi
fi

export DEBIAN_FRONTEND=noninteractive
APT="$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -qq -y -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false"

# Keep the distro sshd (and any other service) from starting on :22 during the install: a
# policy-rc.d that exits 101 makes invoke-rc.d refuse. Only ours is removed afterwards.
POLICY=/usr/sbin/policy-rc.d
ours=
cleanup() {
  if [ -n "$ours" ]; then $SUDO rm -f "$POLICY"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 0755 "$POLICY"
  ours=1
fi

# apt-get update only when the package lists are empty or lack one of the packages.
lists_ready() {
  for pkg in $todo; do
    candidate=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
    if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then return 1; fi
  done
  return 0
}
if ! lists_ready; then
  echo "install-lab: apt-get update"
  $APT update </dev/null >/dev/null
fi

echo "install-lab: installing $todo"
# shellcheck disable=SC2086 # word splitting of $todo is intended
$APT install $todo </dev/null >/dev/null

still=$(missing)
if [ -n "$still" ]; then
  echo "install-lab: still missing after install: $still" >&2
  exit 1
fi
echo "install-lab: done"
