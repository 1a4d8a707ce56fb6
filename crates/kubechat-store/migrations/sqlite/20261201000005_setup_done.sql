-- The first admin's setup happened: one row, written with the admin, so
-- of two setups at once (two replicas, two tokens) only one creates an
-- admin.
CREATE TABLE setup_done (
    id      INTEGER PRIMARY KEY,
    at      BIGINT NOT NULL,
    by_user TEXT NOT NULL
);
