-- The dead-letter table: every ping ingest refused, with its reason code (see @masar/model telemetry/reject-reasons),
-- a human-readable detail, the topic and the raw payload (truncated to payload_kept_bytes; payload_bytes is the
-- original size). Nothing a tracker sends is silently lost.
CREATE TABLE ping_rejects (
  received_at   timestamptz NOT NULL,
  topic         text        NOT NULL,
  vehicle_id    text,
  reason        text        NOT NULL,
  detail        text        NOT NULL,
  payload       bytea       NOT NULL,
  payload_bytes integer     NOT NULL CHECK (payload_bytes >= 0)
);
CREATE INDEX ping_rejects_received_at_idx ON ping_rejects (received_at DESC);
CREATE INDEX ping_rejects_reason_idx ON ping_rejects (reason, received_at DESC);
