#!/usr/bin/env bash
# Manage a dedicated, local PostgreSQL cluster for eventpipe (dev + CI).
#
# Usage:
#   bash scripts/postgres.sh start   # install if needed, create, start; prints URL
#   bash scripts/postgres.sh stop    # stop the cluster (no-op if not running)
#   bash scripts/postgres.sh status  # exit 0 iff the cluster accepts connections
#
#   URL=$(bash scripts/postgres.sh start)
#
# `start` prints the SQLAlchemy URL as the LAST line of stdout; every other
# message goes to stderr so command substitution captures only the URL.
#
# Environment:
#   EVENTPIPE_PG_PORT  TCP port of the cluster (default 55432)
#
# Design notes:
# * We use Debian's postgresql-common wrappers (pg_createcluster /
#   pg_ctlcluster) instead of a raw initdb so the cluster lives alongside any
#   system "main" cluster without touching it, and its own port keeps it from
#   clashing with a developer's existing PostgreSQL on 5432.
# * pg_ctlcluster only delegates to systemctl when systemd is running
#   (/run/systemd/system exists). In containers/CI without systemd it starts
#   postgres directly via pg_ctl as the cluster owner, so this works in both.
# * Postgres refuses to run as root; the wrappers drop to the `postgres`
#   user themselves, and SQL is run through the local socket as `postgres`
#   (peer auth), so no superuser password is needed.
# * Needs root (or sudo) for install/create/start/stop; `status` does not.

set -euo pipefail

readonly CLUSTER_NAME="eventpipe"
readonly PG_PORT="${EVENTPIPE_PG_PORT:-55432}"
readonly PG_HOST="127.0.0.1"
readonly APP_ROLE="eventpipe"
readonly APP_PASSWORD="eventpipe"
readonly APP_DATABASES=("eventpipe" "eventpipe_test")
readonly READY_TIMEOUT_SECONDS=60

# A locale that always exists on Debian 12 (glibc ships C.UTF-8). Avoids perl
# locale warnings from the pg_* wrappers when the caller's LANG (e.g.
# en_US.UTF-8 forwarded over ssh) is not generated on this machine, and gives
# the new cluster UTF8 encoding instead of SQL_ASCII.
export LC_ALL=C.UTF-8 LANG=C.UTF-8

# Nothing here uses relative paths; running from / avoids "could not change
# directory" errors when tools run as the postgres user from a caller's cwd
# that postgres cannot enter (e.g. a mode-0700 home directory).
cd /

# Keep the caller's stdout on fd 3 for the final URL; route everything else
# (including output of the tools we call) to stderr.
exec 3>&1 1>&2

log() { printf '[postgres.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Run a command as root: directly if we already are, otherwise via sudo.
as_root() {
    if [[ ${EUID} -eq 0 ]]; then
        "$@"
    else
        command -v sudo >/dev/null || die "must run as root (or have sudo) for: $*"
        sudo --preserve-env=LC_ALL,LANG "$@"
    fi
}

# Run a command as the postgres OS user (superuser via peer auth on the socket).
as_postgres() {
    if [[ ${EUID} -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres --preserve-env=LC_ALL,LANG "$@"
    fi
}

# pg_ctlcluster start/restart: the postmaster it launches inherits every
# open file descriptor except 0-2 (which pg_ctl points at the log file). If it
# kept our fd 3 -- the stdout pipe of `URL=$(bash scripts/postgres.sh start)`
# -- or any pipe of a CI runner, the caller would wait for EOF forever even
# though this script has exited. So close all fds above 2 before exec'ing.
pg_ctlcluster_detached() {
    (
        local fd_path fd
        for fd_path in /proc/self/fd/*; do
            fd="${fd_path##*/}"
            if ((fd > 2)); then
                eval "exec ${fd}>&-"
            fi
        done
        as_root pg_ctlcluster "$@"
    )
}

# --- installation -----------------------------------------------------------

# True when both the Debian wrappers and at least one server version exist.
server_installed() {
    command -v pg_ctlcluster >/dev/null 2>&1 &&
        command -v pg_createcluster >/dev/null 2>&1 &&
        compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# Install Debian's postgresql package. Try without `apt-get update` first
# (fast when package lists are already present); refresh lists only if the
# install fails, e.g. on a fresh image with empty /var/lib/apt/lists.
# DPkg::Lock::Timeout waits for a concurrent apt/dpkg (unattended-upgrades on
# a fresh VM, a parallel CI step) instead of failing immediately on the lock.
install_postgres() {
    log "PostgreSQL server not found; installing Debian package 'postgresql'"
    local -a apt_cmd=(env DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=300)
    if ! as_root "${apt_cmd[@]}" install -y --no-install-recommends postgresql; then
        log "install failed; running apt-get update and retrying"
        as_root "${apt_cmd[@]}" update
        as_root "${apt_cmd[@]}" install -y --no-install-recommends postgresql
    fi
    server_installed || die "postgresql installed but server binaries still missing"
}

# --- cluster discovery ------------------------------------------------------

# Print "<version> <port>" of our cluster if it exists (any major version).
existing_cluster() {
    pg_lsclusters --no-header 2>/dev/null |
        awk -v name="${CLUSTER_NAME}" '$2 == name { print $1, $3; exit }'
}

# Highest installed server major version, e.g. "15".
latest_major_version() {
    local dir
    for dir in /usr/lib/postgresql/*/bin/postgres; do
        basename "$(dirname "$(dirname "${dir}")")"
    done | sort -V | tail -n 1
}

# Version of our cluster; empty if it does not exist yet.
cluster_version() {
    local info
    info="$(existing_cluster)"
    echo "${info%% *}"
}

cluster_is_running() {
    local version="$1"
    # pg_ctlcluster status: 0 = running, 3 = not running, 4 = no data dir.
    pg_ctlcluster "${version}" "${CLUSTER_NAME}" status >/dev/null 2>&1
}

accepts_connections() {
    pg_isready -q -h "${PG_HOST}" -p "${PG_PORT}" 2>/dev/null
}

# --- cluster lifecycle ------------------------------------------------------

# Create the cluster if missing; otherwise make sure it uses the requested
# port (EVENTPIPE_PG_PORT may change between runs). Prints the version.
ensure_cluster() {
    local info version port
    info="$(existing_cluster)"
    if [[ -z "${info}" ]]; then
        version="$(latest_major_version)"
        [[ -n "${version}" ]] || die "no PostgreSQL server version found"
        log "creating cluster ${version}/${CLUSTER_NAME} on ${PG_HOST}:${PG_PORT}"
        # --start-conf=manual: the cluster is not started by the system
        #   postgresql service at boot; this script controls it.
        # listen_addresses is NOT passed via `-o`: postgresql-common writes
        #   numeric-looking values unquoted (listen_addresses = 127.0.0.1),
        #   which postgres rejects as a syntax error. See write_local_conf.
        as_root pg_createcluster "${version}" "${CLUSTER_NAME}" \
            --port "${PG_PORT}" \
            --start-conf=manual \
            --locale=C.UTF-8 >&2
    else
        version="${info%% *}"
        port="${info##* }"
        if [[ "${port}" != "${PG_PORT}" ]]; then
            log "cluster ${version}/${CLUSTER_NAME} is on port ${port}; switching to ${PG_PORT}"
            as_root pg_conftool "${version}" "${CLUSTER_NAME}" set port "${PG_PORT}" >&2
            if cluster_is_running "${version}"; then
                pg_ctlcluster_detached "${version}" "${CLUSTER_NAME}" restart >&2
            fi
        fi
    fi
    echo "${version}"
}

# Our settings live in a drop-in under conf.d/ (Debian's postgresql.conf
# includes that directory last, so it overrides postgresql.conf). Checked on
# every start and rewritten if it differs, so an older cluster converges.
# Prints "changed" if the file content changed.
#   listen_addresses: TCP only on loopback; password auth applies there via
#   Debian's default pg_hba "host all all 127.0.0.1/32 scram-sha-256".
write_local_conf() {
    local version="$1"
    local conf_dir="/etc/postgresql/${version}/${CLUSTER_NAME}/conf.d"
    local conf_file="${conf_dir}/50-eventpipe.conf"
    local wanted
    wanted="$(printf '%s\n' \
        "# Managed by scripts/postgres.sh; local edits are overwritten." \
        "listen_addresses = '${PG_HOST}'")"
    if [[ -f "${conf_file}" && "$(cat "${conf_file}")" == "${wanted}" ]]; then
        return 0
    fi
    log "writing ${conf_file}"
    as_root install -d -o postgres -g postgres -m 0755 "${conf_dir}"
    printf '%s\n' "${wanted}" | as_root tee "${conf_file}" >/dev/null
    as_root chown postgres:postgres "${conf_file}"
    echo changed
}

start_cluster() {
    local version="$1" conf_state
    conf_state="$(write_local_conf "${version}")"
    if cluster_is_running "${version}"; then
        if [[ "${conf_state}" == "changed" ]]; then
            log "config changed; restarting cluster ${version}/${CLUSTER_NAME}"
            pg_ctlcluster_detached "${version}" "${CLUSTER_NAME}" restart
        else
            log "cluster ${version}/${CLUSTER_NAME} already running"
        fi
    else
        log "starting cluster ${version}/${CLUSTER_NAME}"
        pg_ctlcluster_detached "${version}" "${CLUSTER_NAME}" start
    fi
}

wait_until_ready() {
    local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
    until accepts_connections; do
        if ((SECONDS >= deadline)); then
            die "cluster not accepting connections on ${PG_HOST}:${PG_PORT} after ${READY_TIMEOUT_SECONDS}s"
        fi
        sleep 0.5
    done
}

# Run SQL as the postgres superuser over the cluster's unix socket.
psql_admin() {
    as_postgres psql --no-psqlrc -v ON_ERROR_STOP=1 -qtA \
        -p "${PG_PORT}" -d postgres "$@"
}

# Create the application role and databases if missing. The password is
# (re)set every time so a drifted role still matches the URL we print.
ensure_role_and_databases() {
    local exists db
    exists="$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}'")"
    if [[ "${exists}" != "1" ]]; then
        log "creating role ${APP_ROLE}"
        psql_admin -c "CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_PASSWORD}'"
    else
        psql_admin -c "ALTER ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_PASSWORD}'"
    fi
    for db in "${APP_DATABASES[@]}"; do
        exists="$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${db}'")"
        if [[ "${exists}" != "1" ]]; then
            log "creating database ${db}"
            # CREATE DATABASE cannot run inside a transaction block, hence a
            # separate psql call rather than a DO block.
            psql_admin -c "CREATE DATABASE ${db} OWNER ${APP_ROLE} ENCODING 'UTF8' TEMPLATE template0"
        fi
    done
}

# --- commands ---------------------------------------------------------------

cmd_start() {
    server_installed || install_postgres
    local version
    # ensure_cluster's stdout (captured here) carries only the version.
    version="$(ensure_cluster)"
    start_cluster "${version}"
    wait_until_ready
    ensure_role_and_databases
    log "ready on ${PG_HOST}:${PG_PORT}"
    printf 'postgresql+psycopg://%s:%s@%s:%s/%s\n' \
        "${APP_ROLE}" "${APP_PASSWORD}" "${PG_HOST}" "${PG_PORT}" "${APP_DATABASES[0]}" >&3
}

cmd_stop() {
    if ! server_installed; then
        log "PostgreSQL not installed; nothing to stop"
        return 0
    fi
    local version
    version="$(cluster_version)"
    if [[ -z "${version}" ]]; then
        log "cluster ${CLUSTER_NAME} does not exist; nothing to stop"
    elif cluster_is_running "${version}"; then
        log "stopping cluster ${version}/${CLUSTER_NAME}"
        as_root pg_ctlcluster "${version}" "${CLUSTER_NAME}" stop
    else
        log "cluster ${version}/${CLUSTER_NAME} not running"
    fi
}

cmd_status() {
    if command -v pg_isready >/dev/null 2>&1 && accepts_connections; then
        log "accepting connections on ${PG_HOST}:${PG_PORT}"
        return 0
    fi
    log "not accepting connections on ${PG_HOST}:${PG_PORT}"
    return 1
}

main() {
    case "${1:-}" in
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        *)
            log "usage: $0 {start|stop|status}"
            exit 2
            ;;
    esac
}

main "$@"
