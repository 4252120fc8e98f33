#!/bin/sh
# Sao lưu phuluc: cơ sở dữ liệu trước (pg_dump -Fc), thư mục tệp sau (tar).
# Back up phuluc: the database first (pg_dump -Fc), then the files directory (tar).
#
#   DATABASE_URL=postgres://… PHULUC_FILES_DIR=/srv/phuluc/files scripts/backup.sh /backups/phuluc-2026-12-15
#
# Writes DEST/phuluc.dump and DEST/files.tar; DEST must not hold a backup already. The service may
# keep running: the dump is one consistent snapshot, and every file a row of it references is
# already on disk (a file is stored before its row is committed, and only files no row references
# are ever deleted), so taking the files *after* the dump is the safe order. Files stored in
# between are orphans in the backup, removed later by `phuluc files cleanup`. The files directory
# is found as phuluc finds it (PHULUC_FILES_DIR, else PHULUC_DATA_DIR/files, else ./data/files);
# with S3 storage (PHULUC_STORAGE_URL set) only the database is dumped: see README for the bucket.
# Needs pg_dump of the server's major version or newer, and tar. See README, "Sao lưu và khôi phục".
set -eu

dest=${1:?"usage: backup.sh DEST_DIR (DATABASE_URL and PHULUC_FILES_DIR in the environment)"}
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
if [ -e "$dest/phuluc.dump" ] || [ -e "$dest/files.tar" ]; then
  echo "backup.sh: $dest already holds a backup" >&2
  exit 2
fi
files=
[ -n "${PHULUC_STORAGE_URL:-}" ] || files=${PHULUC_FILES_DIR:-${PHULUC_DATA_DIR:-./data}/files}
if [ -n "$files" ] && [ ! -d "$files" ]; then
  echo "backup.sh: no files directory $files" >&2
  exit 2
fi
mkdir -p "$dest"

# 1. The database: one snapshot, custom format (compressed, restored with pg_restore).
pg_dump -Fc -d "$DATABASE_URL" -f "$dest/phuluc.dump.part"
mv "$dest/phuluc.dump.part" "$dest/phuluc.dump"

# 2. The files, after the dump. tmp/ holds uploads still being written: not needed.
if [ -n "$files" ]; then
  tar -C "$files" --exclude=./tmp -cf "$dest/files.tar.part" .
  mv "$dest/files.tar.part" "$dest/files.tar"
fi

echo "backup.sh: $dest/phuluc.dump${files:+ $dest/files.tar}"
