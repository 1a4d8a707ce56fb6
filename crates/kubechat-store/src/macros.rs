//! One query text for both engines.
//!
//! Tables owned by other crates (audit, accounts) store ids as text and
//! write times through [`sqlite_time`] on SQLite, so one SQL text and one
//! row decoder serve PostgreSQL and SQLite. [`on_pool!`](crate::on_pool)
//! compiles a body once per engine.

use time::OffsetDateTime;

/// Fixed-width UTC text with microseconds (`2026-11-23T10:00:00.123456Z`):
/// how times are written to SQLite, so that comparing the column's text
/// compares times, and so the value survives a round trip exactly.
pub fn sqlite_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// Runs `$body` once per engine: `$p` is bound to the engine's pool,
/// `Db` to its sqlx database type, and `$at` to a function that turns an
/// `OffsetDateTime` into the engine's bind value for time columns.
#[macro_export]
macro_rules! on_pool {
    ($pool:expr, $p:ident, $at:ident => $body:expr) => {
        match $pool {
            $crate::Pool::Postgres($p) => {
                #[allow(dead_code)]
                type Db = sqlx::Postgres;
                #[allow(unused_variables)]
                let $at = |t: time::OffsetDateTime| t;
                $body
            }
            $crate::Pool::Sqlite($p) => {
                #[allow(dead_code)]
                type Db = sqlx::Sqlite;
                #[allow(unused_variables)]
                let $at = |t: time::OffsetDateTime| $crate::sqlite_time(t);
                $body
            }
        }
    };
}
