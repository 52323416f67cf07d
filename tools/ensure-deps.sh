#!/bin/sh
# Installs the Debian packages pxlint builds and tests with, when missing.
# As root it runs apt-get itself; otherwise it prints the command to run.
set -eu
need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in build-essential pkg-config libtree-sitter-dev libyaml-dev libcmocka-dev \
         libjansson-dev libssl-dev; do
  have_pkg "$p" || need="$need $p"
done
command -v npm >/dev/null 2>&1 || need="$need npm"
command -v python3 >/dev/null 2>&1 || need="$need python3"
for extra in "$@"; do
  case "$extra" in
    */*) command -v "${extra#*/}" >/dev/null 2>&1 || need="$need ${extra%%/*}" ;;
    *) have_pkg "$extra" || need="$need $extra" ;;
  esac
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "pxlint needs these Debian packages:$need" >&2
  echo "run as root:  apt-get update && apt-get install -y$need" >&2
  exit 1
fi
echo "installing:$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need >/dev/null
