-- Shared, service-independent setup of the platform database. Idempotent.
-- Extensions live in their own schema (as on Supabase) so that no service owns them.
CREATE SCHEMA IF NOT EXISTS extensions;
GRANT USAGE ON SCHEMA extensions TO PUBLIC;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
-- Nobody but the owner writes to public; services keep to their own schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE CONNECT ON DATABASE ${database} FROM PUBLIC;
