-- Keyword search over label, tags and description (the seed's ILIKE query, indexed): a weighted
-- full-text vector kept by PostgreSQL itself, and a GIN index over it.

-- array_to_string is only STABLE; a generated column needs IMMUTABLE, which it is for text[].
CREATE FUNCTION item_tags_text(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_to_string(tags, ' ');

ALTER TABLE item ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', label), 'A')
        || setweight(to_tsvector('english', item_tags_text(tags)), 'B')
        || setweight(to_tsvector('english', description), 'C')) STORED;

CREATE INDEX item_search ON item USING gin (search_vector) WHERE deleted_at IS NULL;
