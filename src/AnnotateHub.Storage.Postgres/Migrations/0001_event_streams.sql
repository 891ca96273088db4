-- Event streams, events and snapshots. Idempotent: every statement may run again on a database that has it.

-- One row per stream, written with its first events; the stream's version lives in events (max(version)).
-- COLLATE "C": ids compare by their UTF-8 bytes, i.e. by Unicode code point (as the SQLite store orders them).
CREATE TABLE IF NOT EXISTS streams (
    stream_id   text COLLATE "C" NOT NULL,
    created_at  timestamptz      NOT NULL,
    CONSTRAINT streams_pkey PRIMARY KEY (stream_id)
);

-- The primary key is what arbitrates writers: two nodes can never both commit version n of a stream, because the
-- second INSERT of (stream_id, n) fails with a unique violation (the store reports it as a version conflict).
CREATE TABLE IF NOT EXISTS events (
    stream_id   text COLLATE "C" NOT NULL,
    version     bigint           NOT NULL,   -- 1, 2, 3... gap-free per stream
    type        text             NOT NULL,
    data        bytea            NOT NULL,
    recorded_at timestamptz      NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (stream_id, version),
    CONSTRAINT events_version_positive CHECK (version > 0)
);

CREATE TABLE IF NOT EXISTS snapshots (
    stream_id   text COLLATE "C" NOT NULL,
    version     bigint           NOT NULL,
    type        text             NOT NULL,
    data        bytea            NOT NULL,
    CONSTRAINT snapshots_pkey PRIMARY KEY (stream_id, version)
);
