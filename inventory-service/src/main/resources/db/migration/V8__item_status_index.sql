-- The seed's list filtered by state ("my stored items"), newest first, as a keyset index scan.
CREATE INDEX item_owner_status_newest ON item (owner_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL;
