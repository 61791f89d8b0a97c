#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the progress store's tests and
# prints its URL on stdout, for example:
#
#   export PLAYBOOK_TEST_POSTGRES="$(.ci/postgres.sh)"
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 on a free
# port and trusts local connections. Stop it with the command printed on
# stderr. Installs Debian's postgresql first if it is missing (needs root).
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$bin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi

# initdb refuses to run as root: run the cluster as the postgres user then.
as=()
if [ "$(id -u)" -eq 0 ]; then
  as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/playbook-pg.XXXXXX)
[ ${#as[@]} -eq 0 ] || chown postgres: "$dir"
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >&2

# Try ports until the server starts on one nobody else listens on.
for _ in $(seq 20); do
  port=$((20000 + RANDOM % 20000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    continue # taken
  fi
  if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >&2; then
    echo "stop with: ${as[*]} $bin/pg_ctl -D $dir/data stop" >&2
    echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    exit 0
  fi
done
cat "$dir/log" >&2
echo "could not start PostgreSQL" >&2
exit 1
