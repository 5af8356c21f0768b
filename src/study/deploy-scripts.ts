// The shell scripts of a deployment: the backup of the sealed store and the installer. Pure text from a plan.

import { defaultKeyFile } from '../store/open.ts';
import { BACKUP_DIR, KERNEL_PROTECTIONS, STATE_DIR, STUDIES_DIR, storeUrl, type DeployPlan } from './deploy-templates.ts';

/** Where the researchers' backup recipients (age public keys, one a line) go on the server. */
export const BACKUP_RECIPIENTS = '/etc/portas/backup-recipients.txt';

/**
 * /usr/local/sbin/portas-backup: the store and nothing else (no form keys, no onion keys, no logs), encrypted with
 * age to the researchers' backup keys, written in key order (never arrival order), named by ISO week only.
 */
export function backupScript(plan: DeployPlan): string {
  return `#!/bin/sh
# portas-backup: an encrypted copy of the sealed store, and nothing else. Made by \`portas deploy\`; docs/deploy.md.
# - Only the store and its storage key (without the key the rows cannot be read back; docs/storage.md):
#   not the form keys (${STATE_DIR}/state), not the onion service keys, not a log.
# - Rows are written in key order (SQLite VACUUM INTO; PostgreSQL COPY ... ORDER BY), so the copy holds no
#   trace of the order in which responses arrived, even for rows the server has not reshuffled yet.
# - Encrypted with age to the researchers' backup keys (${BACKUP_RECIPIENTS}); no plain copy stays on disk
#   beyond the run (SQLite needs one in a private temporary folder, removed on exit).
# - Named by ISO week (store-2024-W17...), overwritten within the week: no finer time in a name; older weeks
#   beyond PORTAS_BACKUP_KEEP (default 8) are deleted.
set -eu
umask 077
STORE=\${PORTAS_STORE:-${storeUrl(plan)}}
DEST=\${PORTAS_BACKUP_DIR:-${BACKUP_DIR}}
RECIPIENTS=\${PORTAS_BACKUP_RECIPIENTS:-${BACKUP_RECIPIENTS}}
KEEP=\${PORTAS_BACKUP_KEEP:-8}
case "$STORE" in
  sqlite:*) KEYFILE=\${PORTAS_STORE_KEY:-\${STORE#sqlite:}.key} ;;
  *) KEYFILE=\${PORTAS_STORE_KEY:-${defaultKeyFile(storeUrl(plan), `${STATE_DIR}/state`)}} ;;
esac

fail() { echo "portas-backup: $*" >&2; exit 1; }
[ -s "$RECIPIENTS" ] || fail "$RECIPIENTS is missing or empty: put the researchers' backup public keys (age1..., one a line) there"
command -v age >/dev/null || fail "age is not installed (apt-get install age)"
[ -s "$KEYFILE" ] || fail "no storage key at $KEYFILE: without it the copy could not be read back (set PORTAS_STORE_KEY)"
mkdir -p "$DEST"
week=$(date -u +%G-W%V)
work=$(mktemp -d "$DEST/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The copy and the key must belong together: a reshuffle between them replaces the key. Copy the key, copy the
# store, and try again if the key changed meanwhile.
consistent() {
  for attempt in 1 2 3; do
    cp "$KEYFILE" "$work/store.key"
    "$@"
    cmp -s "$KEYFILE" "$work/store.key" && return 0
    echo "portas-backup: the storage key changed during the copy (a reshuffle); copying again ($attempt)" >&2
  done
  fail "the storage key changed during every copy; try again later"
}

case "$STORE" in
  sqlite:*)
    command -v sqlite3 >/dev/null || fail "sqlite3 is not installed (apt-get install sqlite3)"
    db=\${STORE#sqlite:}
    [ -f "$db" ] || fail "no store at $db"
    # VACUUM INTO writes a fresh database in B-tree (random key) order; it takes a read lock, so it sees one commit,
    # and waits (up to 60 s, as long as a reshuffle of 100,000 rows may take) while the server is writing.
    copy_sqlite() {
      rm -f "$work/store.sqlite"
      sqlite3 -cmd '.timeout 60000' "$db" "VACUUM INTO '$work/store.sqlite'"
    }
    consistent copy_sqlite
    [ "$(sqlite3 "$work/store.sqlite" 'PRAGMA integrity_check')" = ok ] || fail "the copy failed its integrity check"
    out="$DEST/store-$week.sqlite.age"
    age -R "$RECIPIENTS" -o "$work/out.age" "$work/store.sqlite"
    ;;
  postgres://*|postgresql://*)
    command -v pg_dump >/dev/null || fail "pg_dump is not installed (apt-get install postgresql-client)"
    out="$DEST/store-$week.sql.age"
    # The schema (pg_dump), then every table's rows sorted by the whole row, all tables read in ONE repeatable-read
    # transaction so the copy is a single consistent moment, then indexes and keys (pg_dump again).
    # Restore: age -d -i KEY FILE | psql -v ON_ERROR_STOP=1 -d portas
    tables=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$STORE" -c "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    {
      printf '%s\\n' 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;'
      for table in $tables; do
        printf '%s\\n' "SELECT 'COPY $table FROM stdin;';" "COPY (SELECT * FROM $table AS t ORDER BY t) TO STDOUT;" "SELECT '\\\\.';"
      done
      printf '%s\\n' 'COMMIT;'
    } > "$work/copy.sql"
    dump_pg() {
      {
        pg_dump --no-owner --no-privileges --section=pre-data "$STORE"
        psql -X -q -At -v ON_ERROR_STOP=1 -d "$STORE" -f "$work/copy.sql"
        pg_dump --no-owner --no-privileges --section=post-data "$STORE"
      } > "$work/store.sql"
    }
    consistent dump_pg
    age -R "$RECIPIENTS" -o "$work/out.age" "$work/store.sql"
    ;;
  *) fail "unknown store $STORE" ;;
esac
age -R "$RECIPIENTS" -o "$work/key.age" "$work/store.key"
mv "$work/key.age" "$DEST/store-$week.key.age"
mv "$work/out.age" "$out"
# Keep the newest KEEP weeks (names sort by week); each week is the store and its key.
ls "$DEST" | sed -n 's/^store-\\([0-9]*-W[0-9]*\\)\\..*\\.age$/\\1/p' | sort -u -r | tail -n +$((KEEP + 1)) | while read -r old; do rm -f "$DEST/store-$old".*.age; done
echo "portas-backup: wrote $out and its key $DEST/store-$week.key.age"
`;
}

/** /etc/systemd/system/portas-backup.service: the script under the server's user, sandboxed like the server. */
export function backupUnit(plan: DeployPlan): string {
  const db = plan.store === 'postgres' ? '\nAfter=postgresql.service' : '';
  return `# portas: one encrypted backup of the sealed store. Made by \`portas deploy\`; run by portas-backup.timer.
[Unit]
Description=portas backup of the sealed store${db}

[Service]
Type=oneshot
User=${plan.user}
Group=${plan.user}
ExecStart=/usr/local/sbin/portas-backup
ReadWritePaths=${BACKUP_DIR}
ReadOnlyPaths=${STATE_DIR}
StandardOutput=journal
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
PrivateNetwork=yes
${KERNEL_PROTECTIONS}RestrictAddressFamilies=AF_UNIX
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
CapabilityBoundingSet=
SystemCallArchitectures=native
SystemCallFilter=@system-service
UMask=0077
LimitCORE=0
`;
}

/** /etc/systemd/system/portas-backup.timer: daily, at a random hour, so backup times say nothing. */
export function backupTimer(): string {
  return `# portas: a daily backup of the sealed store at a random time of day. Made by \`portas deploy\`.
[Unit]
Description=daily portas backup

[Timer]
OnCalendar=daily
RandomizedDelaySec=20h
Persistent=true

[Install]
WantedBy=timers.target
`;
}

/** The files `portas deploy` writes and where install.sh puts them (mode, owner root unless stated). */
export interface DeployFile {
  readonly name: string;
  readonly target: string;
  readonly mode: number;
  readonly content: string;
}

/**
 * install.sh: puts the files in place on a fresh Debian server, as root. With DESTDIR set it only copies the files
 * under DESTDIR (for checking what goes where); without, it also creates the user, the folders and starts things.
 */
export function installScript(plan: DeployPlan, files: readonly DeployFile[]): string {
  const copies = files.map((f) => `put ${f.name} ${f.target} ${f.mode.toString(8).padStart(4, '0')}`).join('\n');
  const studies = plan.studies.map((s) => `put_dir studies/${s} ${STUDIES_DIR}/${s}`).join('\n');
  const pg = plan.store === 'postgres'
    ? `conf=$(ls -d /etc/postgresql/*/main/conf.d | sort -V | tail -n 1)
install -m 0644 postgresql-portas.conf "$conf/portas.conf"
systemctl restart postgresql
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -f postgres-setup.sql || echo "install: the role or database exists already; left as it is"
`
    : '';
  return `#!/bin/sh
# portas: installs what \`portas deploy\` made. Run as root from this folder on the server: sh install.sh
# Read docs/deploy.md first; this does steps 3-6 of it. DESTDIR=/some/dir sh install.sh only copies the files there.
set -eu
cd "$(dirname "$0")"
D=\${DESTDIR:-}
put() { install -D -m "$3" "$1" "$D$2"; }
put_dir() { install -d -m 0755 "$D$2"; for f in "$1"/*; do install -m 0644 "$f" "$D$2/"; done; }

${studies}
${copies}

if [ -n "$D" ]; then echo "install: files copied under $D"; exit 0; fi

id -u ${plan.user} >/dev/null 2>&1 || adduser --system --group --home ${STATE_DIR} --no-create-home ${plan.user}
install -d -o ${plan.user} -g ${plan.user} -m 0700 ${BACKUP_DIR}
grep -qx '%include /etc/tor/portas.torrc' /etc/tor/torrc || echo '%include /etc/tor/portas.torrc' >> /etc/tor/torrc
tor --verify-config -f /etc/tor/torrc >/dev/null
# The journal in memory only (journald-portas.conf); Debian 12 keeps it on disk by default: drop what is there.
systemctl restart systemd-journald
rm -rf /var/log/journal
${pg}systemctl daemon-reload
systemctl enable --now portas.service portas-backup.timer
systemctl reload-or-restart tor
echo "install: done. The onion address (give it to respondents; keep the keys next to it safe):"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s /var/lib/tor/portas/hostname ] && break; sleep 1; done
cat /var/lib/tor/portas/hostname
`;
}
