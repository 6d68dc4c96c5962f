-- Storage policies from configuration. On plain PostgreSQL there is no compression and retention is not
-- automatic: this function records the configured ages and returns without scheduling anything.
CREATE TABLE storage_settings (
  name       text        PRIMARY KEY,
  value      interval    NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION masar_apply_storage_policies(positions_retention interval, positions_compress_after interval, rejects_retention interval)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO storage_settings (name, value) VALUES
    ('positions_retention', positions_retention),
    ('positions_compress_after', positions_compress_after),
    ('rejects_retention', rejects_retention)
  ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now();
END $$;
