CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

CREATE TABLE public.connection_states (
    value text NOT NULL,
    user_id bigint NOT NULL,
    provider text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    request_secret_encrypted bytea,
    CONSTRAINT connection_states_expiry_check CHECK ((expires_at > created_at)),
    CONSTRAINT connection_states_provider_check CHECK ((provider = ANY (ARRAY['whoop'::text, 'fatsecret'::text])))
);

CREATE TABLE public.conversation_messages (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    role text NOT NULL,
    text text NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    CONSTRAINT conversation_messages_role_check CHECK ((role = ANY (ARRAY['user'::text, 'assistant'::text])))
);

CREATE TABLE public.cycles (
    user_id bigint NOT NULL,
    id text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    utc_offset_minutes smallint NOT NULL,
    score_state text NOT NULL,
    strain numeric,
    energy_kcal numeric,
    average_heart_rate integer,
    max_heart_rate integer,
    CONSTRAINT cycles_score_check CHECK ((num_nulls(strain, energy_kcal, average_heart_rate, max_heart_rate) =
CASE
    WHEN (score_state = 'scored'::text) THEN 0
    ELSE 4
END)),
    CONSTRAINT cycles_score_state_check CHECK ((score_state = ANY (ARRAY['scored'::text, 'pending'::text, 'unscorable'::text])))
);

CREATE TABLE public.diary_outbox (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    entry_id bigint NOT NULL,
    action text NOT NULL,
    local_date date NOT NULL,
    created_at timestamp with time zone NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    attempts integer NOT NULL,
    done_at timestamp with time zone,
    last_error text,
    CONSTRAINT diary_outbox_action_check CHECK ((action = ANY (ARRAY['create'::text, 'edit'::text, 'delete'::text]))),
    CONSTRAINT diary_outbox_attempts_check CHECK ((attempts >= 0))
);

CREATE TABLE public.food_catalog_foods (
    ndb_no text NOT NULL,
    description text NOT NULL,
    food_group text NOT NULL,
    kcal numeric,
    protein numeric,
    fat numeric,
    carbohydrate numeric,
    fiber numeric,
    sugar numeric,
    count_unit text,
    CONSTRAINT food_catalog_foods_nutrients_check CHECK (((num_nonnulls(kcal, protein, fat, carbohydrate, fiber, sugar) = 0) OR (LEAST(kcal, protein, fat, carbohydrate, fiber, sugar) >= (0)::numeric)))
);

CREATE TABLE public.food_catalog_names (
    name_key text NOT NULL,
    language text NOT NULL,
    "position" integer NOT NULL,
    ndb_no text NOT NULL,
    stem_key text NOT NULL,
    CONSTRAINT food_catalog_names_language_check CHECK ((language = ANY (ARRAY['uk'::text, 'en'::text])))
);

CREATE TABLE public.food_catalog_portions (
    ndb_no text NOT NULL,
    "position" smallint NOT NULL,
    amount numeric NOT NULL,
    unit text NOT NULL,
    grams numeric NOT NULL,
    CONSTRAINT food_catalog_portions_positive_check CHECK (((amount > (0)::numeric) AND (grams > (0)::numeric)))
);

CREATE TABLE public.food_catalog_versions (
    version text NOT NULL,
    loaded_at timestamp with time zone NOT NULL,
    foods integer NOT NULL,
    portions integer NOT NULL,
    names integer NOT NULL
);

CREATE TABLE public.food_entries (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    eaten_at timestamp with time zone NOT NULL,
    local_date date NOT NULL,
    meal text NOT NULL,
    source_text text NOT NULL,
    logged_at timestamp with time zone NOT NULL,
    status text NOT NULL,
    origin text NOT NULL,
    CONSTRAINT food_entries_meal_check CHECK ((meal = ANY (ARRAY['breakfast'::text, 'lunch'::text, 'dinner'::text, 'snack'::text]))),
    CONSTRAINT food_entries_origin_check CHECK ((origin = ANY (ARRAY['chat'::text, 'diary'::text]))),
    CONSTRAINT food_entries_status_check CHECK ((status = ANY (ARRAY['logged'::text, 'undone'::text])))
);

CREATE TABLE public.food_items (
    entry_id bigint NOT NULL,
    "position" smallint NOT NULL,
    user_id bigint NOT NULL,
    name_as_said text NOT NULL,
    canonical_name text NOT NULL,
    source_kind text NOT NULL,
    source_ref text NOT NULL,
    serving_id text,
    food_key text NOT NULL,
    grams numeric,
    grams_basis text NOT NULL,
    portion_label text,
    portion_count numeric,
    kcal numeric NOT NULL,
    protein numeric NOT NULL,
    fat numeric NOT NULL,
    carbohydrate numeric NOT NULL,
    fiber numeric NOT NULL,
    sugar numeric NOT NULL,
    diary_ref text,
    CONSTRAINT food_items_nutrients_check CHECK (((grams > (0)::numeric) AND (LEAST(kcal, protein, fat, carbohydrate, fiber, sugar) >= (0)::numeric))),
    CONSTRAINT food_items_serving_check CHECK (((serving_id IS NULL) OR (source_kind = 'fatsecret'::text))),
    CONSTRAINT food_items_source_check CHECK ((source_kind = ANY (ARRAY['usda'::text, 'fatsecret'::text, 'own'::text])))
);

CREATE SEQUENCE public.id_generator_nodes
    AS integer
    START WITH 0
    INCREMENT BY 1
    MINVALUE 0
    MAXVALUE 1023
    CACHE 1
    CYCLE;

CREATE TABLE public.inbound_events (
    key text NOT NULL,
    seen_at timestamp with time zone NOT NULL
);

CREATE TABLE public.provider_connections (
    user_id bigint NOT NULL,
    provider text NOT NULL,
    status text NOT NULL,
    connected_at timestamp with time zone NOT NULL,
    access_token_encrypted bytea NOT NULL,
    refresh_token_encrypted bytea,
    token_secret_encrypted bytea,
    expires_at timestamp with time zone,
    external_user_id text,
    CONSTRAINT provider_connections_provider_check CHECK ((provider = ANY (ARRAY['whoop'::text, 'fatsecret'::text]))),
    CONSTRAINT provider_connections_status_check CHECK ((status = ANY (ARRAY['connected'::text, 'broken'::text])))
);

CREATE TABLE public.recoveries (
    user_id bigint NOT NULL,
    cycle_id text NOT NULL,
    sleep_id text,
    recorded_at timestamp with time zone NOT NULL,
    utc_offset_minutes smallint NOT NULL,
    score_state text NOT NULL,
    score_pct numeric,
    resting_heart_rate numeric,
    hrv_ms numeric,
    calibrating boolean,
    spo2_pct numeric,
    skin_temp_celsius numeric,
    CONSTRAINT recoveries_score_check CHECK (((num_nulls(score_pct, resting_heart_rate, hrv_ms, calibrating) =
CASE
    WHEN (score_state = 'scored'::text) THEN 0
    ELSE 4
END) AND ((score_state = 'scored'::text) OR (num_nonnulls(spo2_pct, skin_temp_celsius) = 0)))),
    CONSTRAINT recoveries_score_state_check CHECK ((score_state = ANY (ARRAY['scored'::text, 'pending'::text, 'unscorable'::text])))
);

CREATE TABLE public.sent_notifications (
    user_id bigint NOT NULL,
    kind text NOT NULL,
    local_date date NOT NULL
);

CREATE TABLE public.sleeps (
    user_id bigint NOT NULL,
    id text NOT NULL,
    cycle_id text,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone NOT NULL,
    utc_offset_minutes smallint NOT NULL,
    nap boolean NOT NULL,
    score_state text NOT NULL,
    in_bed interval,
    awake interval,
    light interval,
    deep interval,
    rem interval,
    performance_pct numeric,
    efficiency_pct numeric,
    consistency_pct numeric,
    respiratory_rate numeric,
    sleep_need interval,
    CONSTRAINT sleeps_score_check CHECK (((num_nulls(in_bed, awake, light, deep, rem) =
CASE
    WHEN (score_state = 'scored'::text) THEN 0
    ELSE 5
END) AND ((score_state = 'scored'::text) OR (num_nonnulls(performance_pct, efficiency_pct, consistency_pct, respiratory_rate, sleep_need) = 0)))),
    CONSTRAINT sleeps_score_state_check CHECK ((score_state = ANY (ARRAY['scored'::text, 'pending'::text, 'unscorable'::text])))
);

CREATE TABLE public.sync_cursors (
    user_id bigint NOT NULL,
    provider text NOT NULL,
    resource text NOT NULL,
    synced_until timestamp with time zone NOT NULL,
    CONSTRAINT sync_cursors_provider_check CHECK ((provider = ANY (ARRAY['whoop'::text, 'fatsecret'::text])))
);

CREATE TABLE public.users (
    id bigint NOT NULL,
    telegram_user_id bigint,
    created_at timestamp with time zone NOT NULL,
    language text NOT NULL,
    timezone text NOT NULL,
    target_kcal numeric NOT NULL,
    target_protein numeric NOT NULL,
    target_fat numeric NOT NULL,
    target_carbohydrate numeric NOT NULL,
    body_sex text,
    body_age_years integer,
    body_height_cm numeric,
    body_weight_kg numeric,
    body_activity text,
    morning_briefing_at time without time zone NOT NULL,
    evening_briefing_at time without time zone NOT NULL,
    morning_briefing boolean NOT NULL,
    evening_briefing boolean NOT NULL,
    weekly_briefing boolean NOT NULL,
    blocked_bot boolean NOT NULL,
    CONSTRAINT users_body_activity_check CHECK ((body_activity = ANY (ARRAY['sedentary'::text, 'light'::text, 'moderate'::text, 'active'::text, 'very_active'::text]))),
    CONSTRAINT users_body_check CHECK ((num_nulls(body_sex, body_age_years, body_height_cm, body_weight_kg, body_activity) = ANY (ARRAY[0, 5]))),
    CONSTRAINT users_body_sex_check CHECK ((body_sex = ANY (ARRAY['male'::text, 'female'::text]))),
    CONSTRAINT users_language_check CHECK ((language = ANY (ARRAY['uk'::text, 'en'::text])))
);

CREATE TABLE public.workouts (
    user_id bigint NOT NULL,
    id text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone NOT NULL,
    utc_offset_minutes smallint NOT NULL,
    sport text NOT NULL,
    score_state text NOT NULL,
    strain numeric,
    energy_kcal numeric,
    average_heart_rate integer,
    max_heart_rate integer,
    distance_m numeric,
    CONSTRAINT workouts_score_check CHECK (((num_nulls(strain, energy_kcal, average_heart_rate, max_heart_rate) =
CASE
    WHEN (score_state = 'scored'::text) THEN 0
    ELSE 4
END) AND ((score_state = 'scored'::text) OR (distance_m IS NULL)))),
    CONSTRAINT workouts_score_state_check CHECK ((score_state = ANY (ARRAY['scored'::text, 'pending'::text, 'unscorable'::text])))
);

ALTER TABLE ONLY public.connection_states
    ADD CONSTRAINT connection_states_pkey PRIMARY KEY (value);

ALTER TABLE ONLY public.conversation_messages
    ADD CONSTRAINT conversation_messages_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.cycles
    ADD CONSTRAINT cycles_pkey PRIMARY KEY (user_id, id);

ALTER TABLE ONLY public.diary_outbox
    ADD CONSTRAINT diary_outbox_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.food_catalog_foods
    ADD CONSTRAINT food_catalog_foods_pkey PRIMARY KEY (ndb_no);

ALTER TABLE ONLY public.food_catalog_names
    ADD CONSTRAINT food_catalog_names_pkey PRIMARY KEY (language, name_key);

ALTER TABLE ONLY public.food_catalog_portions
    ADD CONSTRAINT food_catalog_portions_pkey PRIMARY KEY (ndb_no, "position");

ALTER TABLE ONLY public.food_catalog_versions
    ADD CONSTRAINT food_catalog_versions_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.food_entries
    ADD CONSTRAINT food_entries_id_user_key UNIQUE (id, user_id);

ALTER TABLE ONLY public.food_entries
    ADD CONSTRAINT food_entries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.food_items
    ADD CONSTRAINT food_items_pkey PRIMARY KEY (entry_id, "position");

ALTER TABLE ONLY public.inbound_events
    ADD CONSTRAINT inbound_events_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.provider_connections
    ADD CONSTRAINT provider_connections_pkey PRIMARY KEY (user_id, provider);

ALTER TABLE ONLY public.recoveries
    ADD CONSTRAINT recoveries_pkey PRIMARY KEY (user_id, cycle_id);

ALTER TABLE ONLY public.sent_notifications
    ADD CONSTRAINT sent_notifications_pkey PRIMARY KEY (user_id, kind, local_date);

ALTER TABLE ONLY public.sleeps
    ADD CONSTRAINT sleeps_pkey PRIMARY KEY (user_id, id);

ALTER TABLE ONLY public.sync_cursors
    ADD CONSTRAINT sync_cursors_pkey PRIMARY KEY (user_id, provider, resource);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_telegram_user_id_key UNIQUE (telegram_user_id);

ALTER TABLE ONLY public.workouts
    ADD CONSTRAINT workouts_pkey PRIMARY KEY (user_id, id);

CREATE INDEX connection_states_expires_idx ON public.connection_states USING btree (expires_at);

CREATE INDEX conversation_messages_sent_idx ON public.conversation_messages USING btree (sent_at);

CREATE INDEX conversation_messages_user_sent_idx ON public.conversation_messages USING btree (user_id, sent_at, id);

CREATE INDEX cycles_user_started_idx ON public.cycles USING btree (user_id, started_at);

CREATE INDEX diary_outbox_due_idx ON public.diary_outbox USING btree (next_attempt_at) WHERE (done_at IS NULL);

CREATE INDEX diary_outbox_user_idx ON public.diary_outbox USING btree (user_id, created_at, id);

CREATE INDEX food_catalog_foods_description_trgm_idx ON public.food_catalog_foods USING gin (lower(description) public.gin_trgm_ops);

CREATE INDEX food_catalog_names_name_key_idx ON public.food_catalog_names USING btree (name_key);

CREATE INDEX food_catalog_names_name_trgm_idx ON public.food_catalog_names USING gin (name_key public.gin_trgm_ops);

CREATE INDEX food_catalog_names_stem_key_idx ON public.food_catalog_names USING btree (stem_key);

CREATE INDEX food_entries_user_date_idx ON public.food_entries USING btree (user_id, local_date, eaten_at);

CREATE INDEX food_entries_user_logged_idx ON public.food_entries USING btree (user_id, logged_at DESC, id DESC) WHERE (status = 'logged'::text);

CREATE INDEX food_items_user_diary_ref_idx ON public.food_items USING btree (user_id, diary_ref) WHERE (diary_ref IS NOT NULL);

CREATE INDEX food_items_user_food_idx ON public.food_items USING btree (user_id, food_key);

CREATE INDEX inbound_events_seen_idx ON public.inbound_events USING btree (seen_at);

CREATE INDEX provider_connections_connected_idx ON public.provider_connections USING btree (provider, user_id) WHERE (status = 'connected'::text);

CREATE INDEX recoveries_user_recorded_idx ON public.recoveries USING btree (user_id, recorded_at);

CREATE INDEX sleeps_user_started_idx ON public.sleeps USING btree (user_id, started_at);

CREATE INDEX workouts_user_started_idx ON public.workouts USING btree (user_id, started_at);

ALTER TABLE ONLY public.connection_states
    ADD CONSTRAINT connection_states_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.conversation_messages
    ADD CONSTRAINT conversation_messages_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.cycles
    ADD CONSTRAINT cycles_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.diary_outbox
    ADD CONSTRAINT diary_outbox_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.food_catalog_names
    ADD CONSTRAINT food_catalog_names_food_fkey FOREIGN KEY (ndb_no) REFERENCES public.food_catalog_foods(ndb_no) ON DELETE CASCADE;

ALTER TABLE ONLY public.food_catalog_portions
    ADD CONSTRAINT food_catalog_portions_food_fkey FOREIGN KEY (ndb_no) REFERENCES public.food_catalog_foods(ndb_no) ON DELETE CASCADE;

ALTER TABLE ONLY public.food_entries
    ADD CONSTRAINT food_entries_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.food_items
    ADD CONSTRAINT food_items_entry_fkey FOREIGN KEY (entry_id, user_id) REFERENCES public.food_entries(id, user_id) ON DELETE CASCADE;

ALTER TABLE ONLY public.food_items
    ADD CONSTRAINT food_items_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.provider_connections
    ADD CONSTRAINT provider_connections_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.recoveries
    ADD CONSTRAINT recoveries_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sent_notifications
    ADD CONSTRAINT sent_notifications_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sleeps
    ADD CONSTRAINT sleeps_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sync_cursors
    ADD CONSTRAINT sync_cursors_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workouts
    ADD CONSTRAINT workouts_user_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;
