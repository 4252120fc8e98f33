#!/bin/sh
# Khôi phục phuluc từ một bản sao lưu của scripts/backup.sh: tệp trước, cơ sở dữ liệu sau.
# Restore phuluc from a scripts/backup.sh backup: the files first, then the database.
#
#   createdb phuluc_restored
#   DATABASE_URL=postgres://…/phuluc_restored PHULUC_FILES_DIR=/srv/phuluc/files-restored scripts/restore.sh /backups/phuluc-2026-12-15
#
# Restore into a new, empty database (createdb) and an empty files directory, with no phuluc
# process using them; then point DATABASE_URL / PHULUC_FILES_DIR of the service at them. The
# database is restored in one transaction: on any error nothing is restored. Objects are owned by
# the role that restores (--no-owner). Start the same phuluc version as the backup, or a newer one
# (it applies the missing migrations at start, or run `phuluc migrate`).
# See README, "Sao lưu và khôi phục".
set -eu

src=${1:?"usage: restore.sh BACKUP_DIR (DATABASE_URL and PHULUC_FILES_DIR in the environment)"}
: "${DATABASE_URL:?DATABASE_URL must name the (new, empty) database to restore into}"
[ -f "$src/phuluc.dump" ] || { echo "restore.sh: no $src/phuluc.dump" >&2; exit 2; }

# 1. The files: every file the database references must be there when the service starts.
files=
if [ -f "$src/files.tar" ]; then
  : "${PHULUC_FILES_DIR:?PHULUC_FILES_DIR must name the (new, empty) directory to restore the files into}"
  files=$PHULUC_FILES_DIR
  mkdir -p "$files"
  tar -C "$files" -xpf "$src/files.tar"
fi

# 2. The database.
pg_restore --no-owner --clean --if-exists --single-transaction -d "$DATABASE_URL" "$src/phuluc.dump"

echo "restore.sh: restored $src into the database${files:+ and $files}"
