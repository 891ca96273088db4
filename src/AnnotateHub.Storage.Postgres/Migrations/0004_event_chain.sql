-- The hash chain of each stream's events (see EventChain in AnnotateHub.Storage): an event's hash is
-- sha256(previous hash || sha256(canonical bytes)), the first event's previous hash 32 zero bytes. The store writes it
-- with every append; this step fills it for events stored before it existed. Idempotent: only NULL hashes are filled.
ALTER TABLE events ADD COLUMN IF NOT EXISTS hash bytea;

-- The canonical bytes, big-endian as EventChain writes them: length-prefixed UTF-8 stream id, version, length-prefixed
-- UTF-8 type, recorded_at in microseconds since the Unix epoch, length-prefixed payload.
CREATE FUNCTION pg_temp.annotatehub_event_digest(stream_id text, version bigint, type text, recorded_at timestamptz, data bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(
        int4send(octet_length(convert_to(stream_id, 'UTF8'))) || convert_to(stream_id, 'UTF8')
        || int8send(version)
        || int4send(octet_length(convert_to(type, 'UTF8'))) || convert_to(type, 'UTF8')
        || int8send((extract(epoch FROM recorded_at) * 1000000)::bigint)
        || int4send(octet_length(data)) || data)
$$;

WITH RECURSIVE chain AS (
    SELECT e.stream_id, e.version,
           sha256(decode(repeat('00', 32), 'hex') || pg_temp.annotatehub_event_digest(e.stream_id, e.version, e.type, e.recorded_at, e.data)) AS hash
    FROM events e
    WHERE e.version = 1
  UNION ALL
    SELECT e.stream_id, e.version,
           sha256(chain.hash || pg_temp.annotatehub_event_digest(e.stream_id, e.version, e.type, e.recorded_at, e.data))
    FROM chain
    JOIN events e ON e.stream_id = chain.stream_id AND e.version = chain.version + 1
)
UPDATE events SET hash = chain.hash
FROM chain
WHERE events.stream_id = chain.stream_id AND events.version = chain.version AND events.hash IS NULL;

DROP FUNCTION pg_temp.annotatehub_event_digest(text, bigint, text, timestamptz, bytea);
