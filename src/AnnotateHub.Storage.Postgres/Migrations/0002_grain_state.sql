-- Grain state with ETags. Idempotent: may run again on a database that has it.
-- A write is one conditional statement (INSERT ... ON CONFLICT DO NOTHING, or UPDATE/DELETE ... WHERE etag = expected).
CREATE TABLE IF NOT EXISTS grain_state (
    state_name  text COLLATE "C" NOT NULL,
    key         text COLLATE "C" NOT NULL,
    etag        text             NOT NULL,
    data        bytea            NOT NULL,
    CONSTRAINT grain_state_pkey PRIMARY KEY (state_name, key)
);
