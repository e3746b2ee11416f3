#!/usr/bin/env bash
# Makes sure each named command exists, installing its Debian package when it is missing:
#   infra/debian/ensure.sh promtool=prometheus kubectl=kubernetes-client
# `apt-get update` runs once per call, and only when something has to be installed. Debian's
# prometheus package would start a system service: it is installed with the service left stopped
# (policy-rc.d), since Accord starts its own Prometheus (`npm run ops:up`).
set -euo pipefail
missing=()
for pair in "$@"; do
  command -v "${pair%%=*}" > /dev/null 2>&1 || missing+=("${pair#*=}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
printf '[debian] installing %s\n' "${missing[*]}" >&2
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
policy=/usr/sbin/policy-rc.d
placed_policy=0
if [[ ! -e $policy && $(id -u) -eq 0 ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && placed_policy=1
fi
trap '[[ $placed_policy -eq 1 ]] && rm -f "$policy"' EXIT
"${sudo[@]}" apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
