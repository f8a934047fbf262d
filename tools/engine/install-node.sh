#!/usr/bin/env bash
# Installs the Node.js that engine/versions.json pins ("node": package, version, integrity) from the npm
# registry into .engine/node-v<version>/ and prints that folder's bin directory. For machines whose own
# Node.js is older than the project needs (CI here ships Node 20); a second run with it in place is a no-op.
# Needs only a node and npm of any version to read the pin and fetch the package; never downloads from
# anywhere but the npm registry, and refuses a package whose sha512 is not the pinned one.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
read -r package version integrity < <(node -e '
  const n = require(process.argv[1]).node;
  console.log(n.package, n.version, n.integrity);
' "$root/engine/versions.json")
dest="$root/.engine/node-v$version"
if [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" --version)" = "v$version" ]; then
  echo "$dest/bin"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package@$version" >/dev/null)
tarball="$(ls "$tmp"/*.tgz)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "install-node: $package@$version has integrity $actual, but engine/versions.json pins $integrity" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$tarball" -C "$dest" --strip-components=1 package/bin/node package/LICENSE
"$dest/bin/node" --version >/dev/null
echo "$dest/bin"
