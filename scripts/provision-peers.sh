#!/usr/bin/env bash
# Provisions the two pandas peers the interop tests talk to:
#   peer "pandas15": Debian 12's python3-pandas (pandas 1.5 / numpy 1.24), installed with apt-get
#   peer "pandas22": Debian 13's python3-pandas (pandas 2.2 / numpy 2.2), in a debootstrap folder
# The Debian 13 folder is cached under /var/cache so reruns take seconds.
# Writes the commands that start each peer to target/peers.properties-style file given as $1
# (default: /var/cache/bsee-peers/peers.env).
set -euo pipefail

cache=/var/cache/bsee-peers
trixie="$cache/trixie"
out="${1:-$cache/peers.env}"
mkdir -p "$cache"

need_root() { [ "$(id -u)" = 0 ] || { echo "provision-peers: must run as root (apt-get, debootstrap, chroot)" >&2; exit 1; }; }

# The Debian mirror this machine already uses, read from its apt configuration.
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ {for (i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || { echo "provision-peers: no Debian mirror found in /etc/apt" >&2; exit 1; }
  echo "$uri"
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

python12=/usr/bin/python3
if ! "$python12" -c 'import pandas' 2>/dev/null; then
  need_root
  echo "provision-peers: installing Debian 12 python3-pandas"
  apt_install python3-pandas
fi

if [ ! -x "$trixie/usr/bin/python3" ] || ! chroot "$trixie" /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
  need_root
  command -v debootstrap >/dev/null || apt_install debootstrap
  mirror=$(debian_mirror)
  echo "provision-peers: building Debian 13 peer in $trixie (once; cached afterwards)"
  rm -rf "$trixie.partial"
  debootstrap --variant=minbase --include=python3-pandas trixie "$trixie.partial" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { echo "provision-peers: debootstrap failed, see $cache/debootstrap.log" >&2; tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  rm -rf "$trixie"
  mv "$trixie.partial" "$trixie"
fi

v12=$("$python12" -c 'import pandas, numpy; print(pandas.__version__, numpy.__version__)')
v13=$(chroot "$trixie" /usr/bin/python3 -c 'import pandas, numpy; print(pandas.__version__, numpy.__version__)')
echo "provision-peers: pandas15 peer: $v12 ($python12)"
echo "provision-peers: pandas22 peer: $v13 (chroot $trixie)"
mkdir -p "$(dirname "$out")"
{
  echo "BSEE_PEER_PANDAS15=$python12"
  echo "BSEE_PEER_PANDAS22=chroot $trixie /usr/bin/python3"
} >"$out"
