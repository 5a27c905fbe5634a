#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with a `kechuang` role that may create
# databases (the test runner creates its own). Starts the local cluster, or installs it, when missing.
set -euo pipefail
HOST=127.0.0.1
PORT=5432

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sudo -u postgres sh -c "$*"; fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_isready >/dev/null 2>&1; then
  echo "PostgreSQL 未安装，正在通过 apt 安装…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

if ! pg_isready -q -h "$HOST" -p "$PORT"; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "找不到 PostgreSQL 集群配置" >&2
    exit 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h "$HOST" -p "$PORT" && break; sleep 1; done
fi
pg_isready -h "$HOST" -p "$PORT"

as_postgres "psql -h $HOST -p $PORT -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='kechuang'\"" | grep -q 1 ||
  as_postgres "psql -h $HOST -p $PORT -qc \"CREATE ROLE kechuang LOGIN PASSWORD 'kechuang' CREATEDB\""
as_postgres "psql -h $HOST -p $PORT -qtAc \"SELECT 1 FROM pg_database WHERE datname='kechuang'\"" | grep -q 1 ||
  as_postgres "createdb -h $HOST -p $PORT -O kechuang kechuang"
echo "PostgreSQL 就绪：postgres://kechuang@$HOST:$PORT/kechuang"
