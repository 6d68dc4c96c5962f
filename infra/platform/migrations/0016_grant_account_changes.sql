-- What the api does to accounts and keys since accounts can be signed out, re-passworded, disabled and have their
-- role changed, and keys revoked (0014): UPDATE on api_accounts (a whole-table grant: the last-admin check locks
-- the table, which a column grant does not allow), and on api_keys only the revocation time. Still no DELETE: an
-- account is disabled, a key revoked, and both stay on record.
GRANT UPDATE ON api_accounts TO masar_api;
GRANT UPDATE (revoked_at) ON api_keys TO masar_api;
