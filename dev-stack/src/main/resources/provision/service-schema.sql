-- One service's slice of the platform database. Idempotent: safe to run on every start.
-- Placeholders: ${schema}, ${role}, ${password}. Run as a superuser (Supabase: the postgres role).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOINHERIT;
  END IF;
END
$$;
CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role};
ALTER SCHEMA ${schema} OWNER TO ${role};
REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;
ALTER ROLE ${role} SET search_path = ${schema}, extensions;
GRANT CONNECT ON DATABASE ${database} TO ${role};
