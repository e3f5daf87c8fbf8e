CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

CREATE TABLE public.users (
    id bigint NOT NULL,
    telegram_user_id bigint,
    language text DEFAULT 'uk'::text NOT NULL,
    timezone text DEFAULT 'Europe/Kyiv'::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT users_language_check CHECK ((language = ANY (ARRAY['uk'::text, 'en'::text])))
);

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_telegram_user_id_key UNIQUE (telegram_user_id);
