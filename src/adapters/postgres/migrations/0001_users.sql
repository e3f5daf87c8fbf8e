-- The people who use the product. Keys are bigint identities: compact, ordered, and never
-- exposed to users (Telegram ids and WHOOP ids are kept as their own columns).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    telegram_user_id bigint,
    language         text        NOT NULL DEFAULT 'uk',
    timezone         text        NOT NULL DEFAULT 'Europe/Kyiv',
    created_at       timestamptz NOT NULL,
    CONSTRAINT users_telegram_user_id_key UNIQUE (telegram_user_id),
    CONSTRAINT users_language_check CHECK (language IN ('uk', 'en'))
);
