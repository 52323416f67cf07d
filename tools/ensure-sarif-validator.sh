#!/bin/sh
# Installs Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool; its
# Linux package ships a self-contained binary) under DEST, by default
# build/sarif-multitool, and prints the binary's path. npm prefers its cache,
# so this works offline once the package has been fetched. Nothing of it is
# committed: it lives in build/.
set -eu
version=5.7.0
dest=${1:-build/sarif-multitool}
bin="$dest/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -f "$bin" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      sh "$(dirname "$0")/ensure-deps.sh" >&2
    else
      echo "ensure-sarif-validator: npm is needed to fetch @microsoft/sarif-multitool;" >&2
      echo "run as root:  apt-get update && apt-get install -y npm" >&2
      exit 1
    fi
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "ensure-sarif-validator: the multitool's npm package has a Linux x86-64 binary only, not $(uname -s)-$(uname -m)" >&2
       exit 1 ;;
  esac
  mkdir -p "$dest"
  # --ignore-scripts: the package's only script is the chmod done below.
  if ! npm install --prefix "$dest" --no-save --no-audit --no-fund --prefer-offline \
         --ignore-scripts --loglevel=error "@microsoft/sarif-multitool@$version" >&2; then
    echo "ensure-sarif-validator: could not install @microsoft/sarif-multitool@$version" \
         "(offline and not in the npm cache?)" >&2
    exit 1
  fi
fi
chmod u+x "$bin"
echo "$bin"
