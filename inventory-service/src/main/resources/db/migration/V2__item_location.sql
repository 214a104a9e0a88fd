-- Where a stored item sits in the warehouse (set by the staff move that stores it).
ALTER TABLE item ADD COLUMN location_code text CHECK (location_code ~ '^[A-Z0-9][A-Z0-9-]{0,31}$');
