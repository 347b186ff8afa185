//! Reading an app's own SQLite database, as pulled off a rooted or dying phone (Google Authenticator's
//! `databases`, Microsoft Authenticator's `PhoneFactor`): the rescue case, when the app's database is
//! all that is left.
//!
//! The database is never opened where it lies. Its bytes are loaded into an in-memory SQLite
//! (`sqlite3_deserialize`), so nothing is written beside the file being imported (no `-shm`, no
//! journal) and no plaintext copy is made on disk. A database in WAL mode keeps its recent changes
//! (often the accounts added last) in the `-wal` file beside it until SQLite checkpoints them; the
//! caller reads that file and [`with_wal`] replays its committed frames onto the page image the way
//! SQLite's own recovery would: frames whose salts match the WAL header and whose running checksums
//! hold, up to the last commit frame. The in-memory database has no WAL of its own, so the header's
//! "WAL mode" bytes are set back to the rollback-journal value before it is opened.
//!
//! Tables are read only when `sqlite_master` says they are plain tables: a hostile file could name a
//! view whose query never ends. SQLite's own messages (`file is not a database`, `database disk image
//! is malformed`) name the damage; they quote no row data.

use rusqlite::types::Value;
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use zeroize::Zeroizing;

use super::Error;

/// The first 16 bytes of every SQLite 3 database file.
pub const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The largest page image [`with_wal`] builds: twice the largest input fob reads, so a WAL that claims
/// a database of billions of pages is refused before anything is allocated.
pub const MAX_IMAGE_BYTES: usize = 128 << 20;

const WAL_HEADER_LEN: usize = 32;
const FRAME_HEADER_LEN: usize = 24;
const WAL_MAGIC_LE: u32 = 0x377f_0682;
const WAL_MAGIC_BE: u32 = 0x377f_0683;

/// Whether the bytes are an SQLite 3 database.
#[must_use]
pub fn is_database(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Why a `-wal` file cannot be replayed. Safe to print.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WalError {
    /// Not a write-ahead log: wrong magic number or a header too short.
    #[error("not an SQLite write-ahead log")]
    NotWal,
    /// The log's page size is not the database's.
    #[error("its page size ({wal}) is not the database's ({db})")]
    PageSize {
        /// The log's.
        wal: u32,
        /// The database's.
        db: u32,
    },
    /// The log describes a database larger than fob reads.
    #[error("it describes a database over {} MiB", MAX_IMAGE_BYTES >> 20)]
    TooLarge,
}

/// The database as SQLite would see it with its write-ahead log: `db` with the log's committed frames
/// written over it. A log from an earlier checkpoint generation, or whose first frame is torn, changes
/// nothing (SQLite ignores it too).
pub fn with_wal(db: &[u8], wal: &[u8]) -> Result<Zeroizing<Vec<u8>>, WalError> {
    let mut image = Zeroizing::new(db.to_vec());
    if wal.is_empty() {
        return Ok(image);
    }
    if wal.len() < WAL_HEADER_LEN {
        return Err(WalError::NotWal);
    }
    let magic = be32(wal, 0);
    let big_endian = match magic {
        WAL_MAGIC_BE => true,
        WAL_MAGIC_LE => false,
        _ => return Err(WalError::NotWal),
    };
    let page_size = be32(wal, 8);
    let db_page_size = page_size_of(db);
    if db_page_size.is_some_and(|d| d != page_size) {
        return Err(WalError::PageSize {
            wal: page_size,
            db: db_page_size.unwrap_or(0),
        });
    }
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(WalError::NotWal);
    }
    let salts = &wal[16..24];
    let mut sum = checksum((0, 0), &wal[..24], big_endian);
    if sum != (be32(wal, 24), be32(wal, 28)) {
        // A torn header: SQLite treats the log as empty.
        return Ok(image);
    }
    let page = page_size as usize;
    let mut pending: Vec<(usize, &[u8])> = Vec::new();
    let mut at = WAL_HEADER_LEN;
    while at + FRAME_HEADER_LEN + page <= wal.len() {
        let header = &wal[at..at + FRAME_HEADER_LEN];
        let data = &wal[at + FRAME_HEADER_LEN..at + FRAME_HEADER_LEN + page];
        if &header[8..16] != salts {
            break;
        }
        sum = checksum(sum, &header[..8], big_endian);
        sum = checksum(sum, data, big_endian);
        if sum != (be32(header, 16), be32(header, 20)) {
            break;
        }
        let page_number = be32(header, 0) as usize;
        if page_number == 0 {
            break;
        }
        pending.push((page_number, data));
        let commit_pages = be32(header, 4) as usize;
        if commit_pages != 0 {
            let size = commit_pages
                .checked_mul(page)
                .filter(|s| *s <= MAX_IMAGE_BYTES)
                .ok_or(WalError::TooLarge)?;
            for (number, data) in pending.drain(..) {
                let offset = (number - 1)
                    .checked_mul(page)
                    .filter(|o| o + page <= MAX_IMAGE_BYTES)
                    .ok_or(WalError::TooLarge)?;
                if image.len() < offset + page {
                    image.resize(offset + page, 0);
                }
                image[offset..offset + page].copy_from_slice(data);
            }
            image.resize(size, 0);
        }
        at += FRAME_HEADER_LEN + page;
    }
    Ok(image)
}

/// The page size a database header gives (the value 1 means 65536), when there is a header.
fn page_size_of(db: &[u8]) -> Option<u32> {
    let raw = u16::from_be_bytes(db.get(16..18)?.try_into().ok()?);
    Some(if raw == 1 { 65536 } else { u32::from(raw) })
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

/// SQLite's WAL checksum: two running 32-bit sums over pairs of words in the log's byte order.
fn checksum(mut s: (u32, u32), data: &[u8], big_endian: bool) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let b: [u8; 4] = b.try_into().expect("4 bytes");
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s.0 = s.0.wrapping_add(word(&pair[..4])).wrapping_add(s.1);
        s.1 = s.1.wrapping_add(word(&pair[4..])).wrapping_add(s.0);
    }
    s
}

/// An in-memory, read-only SQLite database holding a copy of `bytes`.
pub(crate) fn open(format: &'static str, bytes: &[u8]) -> Result<Connection, Error> {
    if !is_database(bytes) {
        return Err(Error::Malformed(format!(
            "not a {format} database (not an SQLite file)"
        )));
    }
    let damaged = |e: rusqlite::Error| Error::Malformed(format!("the database is damaged ({e})"));
    let mut image = Zeroizing::new(bytes.to_vec());
    // Bytes 18 and 19 say "WAL mode" (2) in a database that uses a write-ahead log; an in-memory
    // database has none, and SQLite refuses to open it that way.
    if image.len() >= 20 {
        image[18] = 1;
        image[19] = 1;
    }
    let mut conn = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(damaged)?;
    conn.deserialize_read_exact(MAIN_DB, image.as_slice(), image.len(), true)
        .map_err(damaged)?;
    // The first read of the schema is where SQLite notices a file that is not a database.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(damaged)?;
    Ok(conn)
}

/// The column names of `table` when it is a plain table (not a view); `None` when there is none.
pub(crate) fn columns(conn: &Connection, table: &str) -> Option<Vec<String>> {
    let is_table: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )
        .ok()
        .is_some_and(|n| n == 1);
    if !is_table {
        return None;
    }
    let stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).ok()?;
    Some(stmt.column_names().map(str::to_owned).collect())
}

/// Whether `bytes` is a database with a plain table `table` that has every column in `needed`.
pub(crate) fn has_columns(bytes: &[u8], table: &str, needed: &[&str]) -> bool {
    if !is_database(bytes) {
        return false;
    }
    open("", bytes)
        .ok()
        .and_then(|conn| columns(&conn, table))
        .is_some_and(|cols| needed.iter().all(|n| cols.iter().any(|c| c == n)))
}

/// One row, by column name; text and numbers as SQLite stores them.
pub(crate) struct Row(Vec<(String, Value)>);

impl Row {
    /// A text column; `None` when missing or NULL. Numbers stored in a text column are given as text.
    pub(crate) fn text(&self, column: &str) -> Option<String> {
        match self.get(column)? {
            Value::Text(s) => Some(s.clone()),
            Value::Integer(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// An integer column; `None` when missing, NULL or not a whole number.
    pub(crate) fn integer(&self, column: &str) -> Option<i64> {
        match self.get(column)? {
            Value::Integer(n) => Some(*n),
            Value::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn get(&self, column: &str) -> Option<&Value> {
        self.0.iter().find(|(c, _)| c == column).map(|(_, v)| v)
    }
}

impl Drop for Row {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for (_, v) in &mut self.0 {
            match v {
                Value::Text(s) => s.zeroize(),
                Value::Blob(b) => b.zeroize(),
                _ => {}
            }
        }
    }
}

/// Every row of the plain table `table`, in rowid order.
pub(crate) fn rows(
    format: &'static str,
    conn: &Connection,
    table: &str,
) -> Result<Vec<Row>, Error> {
    let damaged = |e: rusqlite::Error| Error::Malformed(format!("the database is damaged ({e})"));
    let Some(names) = columns(conn, table) else {
        return Err(Error::Malformed(format!(
            "not a {format} database (no {table} table)"
        )));
    };
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
        .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{table}\"")))
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| {
            let mut row = Vec::with_capacity(names.len());
            for (i, name) in names.iter().enumerate() {
                row.push((name.clone(), r.get::<_, Value>(i)?));
            }
            Ok(Row(row))
        })
        .map_err(damaged)?;
    rows.collect::<Result<_, _>>().map_err(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_matches_sqlite_on_a_real_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES ('before');
             PRAGMA wal_checkpoint(TRUNCATE); INSERT INTO t VALUES ('after');",
        )
        .unwrap();
        let db = std::fs::read(&path).unwrap();
        let wal = std::fs::read(dir.path().join("db-wal")).unwrap();
        drop(conn);
        let seen = |bytes: &[u8]| -> Vec<String> {
            let conn = open("test", bytes).unwrap();
            let mut stmt = conn.prepare("SELECT x FROM t").unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(seen(&db), ["before"]);
        assert_eq!(seen(&with_wal(&db, &wal).unwrap()), ["before", "after"]);
        // A torn last frame: the commit it belonged to is not applied.
        assert_eq!(
            seen(&with_wal(&db, &wal[..wal.len() - 1]).unwrap()),
            ["before"]
        );
        let mut bad = wal.clone();
        bad[0] = 0;
        assert_eq!(with_wal(&db, &bad).unwrap_err(), WalError::NotWal);
    }

    #[test]
    fn a_log_claiming_a_huge_database_is_refused() {
        let mut wal = vec![0u8; WAL_HEADER_LEN + FRAME_HEADER_LEN + 512];
        wal[..4].copy_from_slice(&WAL_MAGIC_BE.to_be_bytes());
        wal[8..12].copy_from_slice(&512u32.to_be_bytes());
        let sum = checksum((0, 0), &wal[..24], true);
        wal[24..28].copy_from_slice(&sum.0.to_be_bytes());
        wal[28..32].copy_from_slice(&sum.1.to_be_bytes());
        let frame = WAL_HEADER_LEN;
        wal[frame..frame + 4].copy_from_slice(&1u32.to_be_bytes());
        wal[frame + 4..frame + 8].copy_from_slice(&u32::MAX.to_be_bytes());
        let mut s = checksum(sum, &wal[frame..frame + 8], true);
        s = checksum(s, &wal[frame + FRAME_HEADER_LEN..], true);
        wal[frame + 16..frame + 20].copy_from_slice(&s.0.to_be_bytes());
        wal[frame + 20..frame + 24].copy_from_slice(&s.1.to_be_bytes());
        assert_eq!(with_wal(&[], &wal).unwrap_err(), WalError::TooLarge);
    }
}
