#!/bin/sh
# Fetches the tree-sitter Python grammar named in grammar.lock into DEST,
# refusing a tarball whose hash differs from the committed integrity value.
set -eu
lock=${1:?usage: fetch-grammar.sh LOCKFILE DEST}
dest=${2:?usage: fetch-grammar.sh LOCKFILE DEST}
pkg=$(sed -n 's/^package=//p' "$lock")
ver=$(sed -n 's/^version=//p' "$lock")
want=$(sed -n 's/^integrity=//p' "$lock")

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-grammar: npm is needed to fetch $pkg@$ver; run: apt-get install npm" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg@$ver" >/dev/null)
tgz="$tmp/$pkg-$ver.tgz"
# Compare as hex so only coreutils is needed.
want_hex=$(printf '%s' "${want#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
got_hex=$(sha512sum "$tgz" | cut -d' ' -f1)
if [ "$got_hex" != "$want_hex" ]; then
  echo "fetch-grammar: integrity mismatch for $pkg@$ver" >&2
  echo "  expected sha512 $want_hex" >&2
  echo "  got      sha512 $got_hex" >&2
  exit 1
fi
rm -rf "$dest.partial"
mkdir -p "$dest.partial"
tar -xzf "$tgz" -C "$dest.partial" --strip-components=1 package/src package/LICENSE
rm -rf "$dest"
mv "$dest.partial" "$dest"
echo "fetch-grammar: $pkg@$ver verified ($want)"
