-- The people who use the product.
--
-- Keys are plain bigints handed out by the application's id generator (snowflake-style:
-- milliseconds since an epoch | a node id per process | a per-millisecond sequence), not by
-- the database:
--   * a use case knows an object's id before it is stored, so an entry and the outbox row that
--     mirrors it go into one transaction without a round trip for RETURNING;
--   * the ids grow with time, so B-tree inserts land at the right edge of the index (random
--     UUIDs scatter them over every page), and 8 bytes is half a UUID in every key and index;
--   * users never see them (Telegram and WHOOP ids are columns of their own), so being
--     guessable costs nothing.
-- Constraints are named: the adapter translates a violation into a domain error by its name.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id                    bigint      NOT NULL,
    telegram_user_id      bigint,               -- NULL for a local (terminal) user
    created_at            timestamptz NOT NULL,
    language              text        NOT NULL,
    timezone              text        NOT NULL, -- IANA name, checked by the domain
    -- Daily targets (kcal, grams).
    target_kcal           numeric     NOT NULL,
    target_protein        numeric     NOT NULL,
    target_fat            numeric     NOT NULL,
    target_carbohydrate   numeric     NOT NULL,
    -- The body the targets may be computed from: all five or none.
    body_sex              text,
    body_age_years        integer,
    body_height_cm        numeric,
    body_weight_kg        numeric,
    body_activity         text,
    -- Briefings: local wall-clock times and opt-outs.
    morning_briefing_at   time        NOT NULL,
    evening_briefing_at   time        NOT NULL,
    morning_briefing      boolean     NOT NULL,
    evening_briefing      boolean     NOT NULL,
    weekly_briefing       boolean     NOT NULL,
    -- Telegram said the user blocked the bot: nothing is sent until they write again.
    blocked_bot           boolean     NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_telegram_user_id_key UNIQUE (telegram_user_id),
    CONSTRAINT users_language_check CHECK (language IN ('uk', 'en')),
    CONSTRAINT users_body_check CHECK (
        num_nulls(body_sex, body_age_years, body_height_cm, body_weight_kg, body_activity)
        IN (0, 5)
    ),
    CONSTRAINT users_body_sex_check CHECK (body_sex IN ('male', 'female')),
    CONSTRAINT users_body_activity_check CHECK (
        body_activity IN ('sedentary', 'light', 'moderate', 'active', 'very_active')
    )
);
