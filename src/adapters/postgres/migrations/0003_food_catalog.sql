-- depends: 0001_users
-- The built-in food catalog: USDA SR28 foods and household portions, with the Ukrainian names
-- and English aliases people use for them. Reference data, owned by no user: filled by
-- adapters/postgres/catalog_loader.py from the packaged files (one transaction, skipped when
-- the packaged version is loaded already). pg_trgm (0001) indexes names and descriptions.

-- Which packaged data the tables hold: a digest of the data files and of the loader.
CREATE TABLE food_catalog_versions (
    version   text        NOT NULL,
    loaded_at timestamptz NOT NULL,
    foods     integer     NOT NULL,
    portions  integer     NOT NULL,
    names     integer     NOT NULL,
    CONSTRAINT food_catalog_versions_pkey PRIMARY KEY (version)
);

-- Nutrients per 100 g edible portion, with USDA's later revisions applied (NULL: SR28 has no
-- value). count_unit is the SR28 portion one counted item means ("large" for an egg).
CREATE TABLE food_catalog_foods (
    ndb_no         text    NOT NULL,
    description    text    NOT NULL,
    food_group     text    NOT NULL,
    kcal           numeric,
    protein        numeric,
    fat            numeric,
    carbohydrate   numeric,
    fiber          numeric,
    sugar          numeric,
    count_unit     text,
    CONSTRAINT food_catalog_foods_pkey PRIMARY KEY (ndb_no),
    CONSTRAINT food_catalog_foods_nutrients_check CHECK (
        num_nonnulls(kcal, protein, fat, carbohydrate, fiber, sugar) = 0
        OR LEAST(kcal, protein, fat, carbohydrate, fiber, sugar) >= 0
    )
);
-- Description search: ILIKE '%word%' and word_similarity() use the trigram index.
CREATE INDEX food_catalog_foods_description_trgm_idx
    ON food_catalog_foods USING gin (lower(description) gin_trgm_ops);

-- SR28's WEIGHT table: `amount` × `unit` weighs `grams`; position keeps SR28's order, which the
-- portion rules use to break ties.
CREATE TABLE food_catalog_portions (
    ndb_no   text     NOT NULL,
    position smallint NOT NULL,
    amount   numeric  NOT NULL,
    unit     text     NOT NULL,
    grams    numeric  NOT NULL,
    CONSTRAINT food_catalog_portions_pkey PRIMARY KEY (ndb_no, position),
    CONSTRAINT food_catalog_portions_food_fkey FOREIGN KEY (ndb_no)
        REFERENCES food_catalog_foods (ndb_no) ON DELETE CASCADE,
    CONSTRAINT food_catalog_portions_positive_check CHECK (amount > 0 AND grams > 0)
);

-- What people call a food: name_key is the normalised name, stem_key its word stems (so
-- "курячою грудкою" finds "куряча грудка"); Ukrainian names come before English aliases, and
-- within a language position keeps the file's order (the first name with a stem key wins).
CREATE TABLE food_catalog_names (
    name_key text     NOT NULL,
    language text     NOT NULL,
    position integer  NOT NULL,
    ndb_no   text     NOT NULL,
    stem_key text     NOT NULL,
    CONSTRAINT food_catalog_names_pkey PRIMARY KEY (language, name_key),
    CONSTRAINT food_catalog_names_food_fkey FOREIGN KEY (ndb_no)
        REFERENCES food_catalog_foods (ndb_no) ON DELETE CASCADE,
    CONSTRAINT food_catalog_names_language_check CHECK (language IN ('uk', 'en'))
);
CREATE INDEX food_catalog_names_name_key_idx ON food_catalog_names (name_key);
CREATE INDEX food_catalog_names_stem_key_idx ON food_catalog_names (stem_key);
-- A name a typo away: similarity(name_key, $1) through the % operator.
CREATE INDEX food_catalog_names_name_trgm_idx
    ON food_catalog_names USING gin (name_key gin_trgm_ops);
