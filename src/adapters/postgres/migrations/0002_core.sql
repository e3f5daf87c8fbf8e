-- depends: 0001_users
-- Everything the stores keep besides the users. Every user-owned table has a user_id that
-- cascades from users, so deleting a user deletes all of their rows in one statement.
-- Ids are application-generated bigints (see 0001 for why), wearable records are keyed by the
-- wearable's own ids. Constraints are named: the adapter translates violations by name.

-- The id generator takes one node id per process from here (10 bits of every id), so ids are
-- unique across processes without a round trip per id. It cycles: two live processes share a
-- node only if 1,024 others started in between.
CREATE SEQUENCE id_generator_nodes AS integer MINVALUE 0 MAXVALUE 1023 START WITH 0 CYCLE;

-- Meals ----------------------------------------------------------------------------------------

CREATE TABLE food_entries (
    id          bigint      NOT NULL,
    user_id     bigint      NOT NULL,
    eaten_at    timestamptz NOT NULL,
    local_date  date        NOT NULL, -- the user's date when they ate, fixed at logging time
    meal        text        NOT NULL,
    source_text text        NOT NULL, -- what the user wrote
    logged_at   timestamptz NOT NULL,
    status      text        NOT NULL,
    origin      text        NOT NULL,
    CONSTRAINT food_entries_pkey PRIMARY KEY (id),
    -- lets an item reference (entry, user): an item always belongs to its entry's user
    CONSTRAINT food_entries_id_user_key UNIQUE (id, user_id),
    CONSTRAINT food_entries_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT food_entries_meal_check CHECK (meal IN ('breakfast', 'lunch', 'dinner', 'snack')),
    CONSTRAINT food_entries_status_check CHECK (status IN ('logged', 'undone')),
    CONSTRAINT food_entries_origin_check CHECK (origin IN ('chat', 'diary'))
);
-- between(), all_of(): a user's entries of some dates, in the order eaten
CREATE INDEX food_entries_user_date_idx ON food_entries (user_id, local_date, eaten_at);
-- last_logged(), recent_grams(): a user's entries that are not undone, newest first
CREATE INDEX food_entries_user_logged_idx ON food_entries (user_id, logged_at DESC, id DESC)
    WHERE status = 'logged';

CREATE TABLE food_items (
    entry_id       bigint   NOT NULL,
    position       smallint NOT NULL, -- the item's place in its entry, from 0
    user_id        bigint   NOT NULL,
    name_as_said   text     NOT NULL,
    canonical_name text     NOT NULL,
    -- Where the numbers came from: a USDA NDB number, a FatSecret food (and serving), or the
    -- user's own food by name.
    source_kind    text     NOT NULL,
    source_ref     text     NOT NULL,
    serving_id     text,
    food_key       text     NOT NULL, -- "the same food" (domain.meals.food.food_key)
    grams          numeric,           -- NULL only for diary imports that gave no weight
    grams_basis    text     NOT NULL,
    portion_label  text,
    portion_count  numeric,
    -- The nutrients of `grams` exactly as logged (kcal, grams): never recomputed.
    kcal           numeric  NOT NULL,
    protein        numeric  NOT NULL,
    fat            numeric  NOT NULL,
    carbohydrate   numeric  NOT NULL,
    fiber          numeric  NOT NULL,
    sugar          numeric  NOT NULL,
    diary_ref      text,              -- this item's line in the user's food diary
    CONSTRAINT food_items_pkey PRIMARY KEY (entry_id, position),
    CONSTRAINT food_items_entry_fkey FOREIGN KEY (entry_id, user_id)
        REFERENCES food_entries (id, user_id) ON DELETE CASCADE,
    CONSTRAINT food_items_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT food_items_source_check CHECK (source_kind IN ('usda', 'fatsecret', 'own')),
    CONSTRAINT food_items_serving_check CHECK (serving_id IS NULL OR source_kind = 'fatsecret'),
    CONSTRAINT food_items_nutrients_check CHECK (
        grams > 0 AND LEAST(kcal, protein, fat, carbohydrate, fiber, sugar) >= 0
    )
);
-- by_diary_ref()
CREATE INDEX food_items_user_diary_ref_idx ON food_items (user_id, diary_ref)
    WHERE diary_ref IS NOT NULL;
-- recent_grams(): the user's items of one food
CREATE INDEX food_items_user_food_idx ON food_items (user_id, food_key);

-- Wearable records (WHOOP), upserted by the wearable's own ids. Each keeps the UTC offset it
-- was recorded with, and its score state: a score exists exactly when it is scored.

CREATE TABLE cycles (
    user_id            bigint      NOT NULL,
    id                 text        NOT NULL,
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz,          -- NULL while the cycle is current
    utc_offset_minutes smallint    NOT NULL,
    score_state        text        NOT NULL,
    strain             numeric,
    energy_kcal        numeric,
    average_heart_rate integer,
    max_heart_rate     integer,
    CONSTRAINT cycles_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT cycles_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT cycles_score_state_check CHECK (score_state IN ('scored', 'pending', 'unscorable')),
    CONSTRAINT cycles_score_check CHECK (
        num_nulls(strain, energy_kcal, average_heart_rate, max_heart_rate)
        = CASE WHEN score_state = 'scored' THEN 0 ELSE 4 END
    )
);
CREATE INDEX cycles_user_started_idx ON cycles (user_id, started_at);

CREATE TABLE sleeps (
    user_id            bigint      NOT NULL,
    id                 text        NOT NULL,
    cycle_id           text,
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz NOT NULL,
    utc_offset_minutes smallint    NOT NULL,
    nap                boolean     NOT NULL,
    score_state        text        NOT NULL,
    in_bed             interval,
    awake              interval,
    light              interval,
    deep               interval,
    rem                interval,
    performance_pct    numeric,
    efficiency_pct     numeric,
    consistency_pct    numeric,
    respiratory_rate   numeric,
    sleep_need         interval,
    CONSTRAINT sleeps_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT sleeps_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT sleeps_score_state_check CHECK (score_state IN ('scored', 'pending', 'unscorable')),
    CONSTRAINT sleeps_score_check CHECK (
        num_nulls(in_bed, awake, light, deep, rem)
        = CASE WHEN score_state = 'scored' THEN 0 ELSE 5 END
        AND (score_state = 'scored' OR num_nonnulls(
            performance_pct, efficiency_pct, consistency_pct, respiratory_rate, sleep_need
        ) = 0)
    )
);
CREATE INDEX sleeps_user_started_idx ON sleeps (user_id, started_at);

CREATE TABLE recoveries (
    user_id            bigint      NOT NULL,
    cycle_id           text        NOT NULL, -- one recovery per cycle: its identity
    sleep_id           text,
    recorded_at        timestamptz NOT NULL,
    utc_offset_minutes smallint    NOT NULL,
    score_state        text        NOT NULL,
    score_pct          numeric,
    resting_heart_rate numeric,
    hrv_ms             numeric,
    calibrating        boolean,
    spo2_pct           numeric,
    skin_temp_celsius  numeric,
    CONSTRAINT recoveries_pkey PRIMARY KEY (user_id, cycle_id),
    CONSTRAINT recoveries_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT recoveries_score_state_check CHECK (
        score_state IN ('scored', 'pending', 'unscorable')
    ),
    CONSTRAINT recoveries_score_check CHECK (
        num_nulls(score_pct, resting_heart_rate, hrv_ms, calibrating)
        = CASE WHEN score_state = 'scored' THEN 0 ELSE 4 END
        AND (score_state = 'scored' OR num_nonnulls(spo2_pct, skin_temp_celsius) = 0)
    )
);
CREATE INDEX recoveries_user_recorded_idx ON recoveries (user_id, recorded_at);

CREATE TABLE workouts (
    user_id            bigint      NOT NULL,
    id                 text        NOT NULL,
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz NOT NULL,
    utc_offset_minutes smallint    NOT NULL,
    sport              text        NOT NULL,
    score_state        text        NOT NULL,
    strain             numeric,
    energy_kcal        numeric,
    average_heart_rate integer,
    max_heart_rate     integer,
    distance_m         numeric,
    CONSTRAINT workouts_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT workouts_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT workouts_score_state_check CHECK (
        score_state IN ('scored', 'pending', 'unscorable')
    ),
    CONSTRAINT workouts_score_check CHECK (
        num_nulls(strain, energy_kcal, average_heart_rate, max_heart_rate)
        = CASE WHEN score_state = 'scored' THEN 0 ELSE 4 END
        AND (score_state = 'scored' OR distance_m IS NULL)
    )
);
CREATE INDEX workouts_user_started_idx ON workouts (user_id, started_at);

-- Conversation ---------------------------------------------------------------------------------

CREATE TABLE conversation_messages (
    id      bigint      NOT NULL,
    user_id bigint      NOT NULL,
    role    text        NOT NULL,
    text    text        NOT NULL,
    sent_at timestamptz NOT NULL,
    CONSTRAINT conversation_messages_pkey PRIMARY KEY (id),
    CONSTRAINT conversation_messages_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT conversation_messages_role_check CHECK (role IN ('user', 'assistant'))
);
-- recent(), all_of()
CREATE INDEX conversation_messages_user_sent_idx ON conversation_messages (user_id, sent_at, id);
-- delete_before(): retention for everyone
CREATE INDEX conversation_messages_sent_idx ON conversation_messages (sent_at);

-- Provider links -------------------------------------------------------------------------------

-- One-time states of links in progress (15 minutes, taken once).
CREATE TABLE connection_states (
    value                    text        NOT NULL, -- the random state the provider echoes
    user_id                  bigint      NOT NULL,
    provider                 text        NOT NULL,
    created_at               timestamptz NOT NULL,
    expires_at               timestamptz NOT NULL,
    request_secret_encrypted bytea,                -- OAuth 1 request token secret, encrypted
    CONSTRAINT connection_states_pkey PRIMARY KEY (value),
    CONSTRAINT connection_states_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT connection_states_provider_check CHECK (provider IN ('whoop', 'fatsecret')),
    CONSTRAINT connection_states_expiry_check CHECK (expires_at > created_at)
);
-- delete_expired()
CREATE INDEX connection_states_expires_idx ON connection_states (expires_at);

-- Each user's link to each provider. Tokens and secrets are encrypted by the application
-- (Fernet, keys from TOKEN_ENCRYPTION_KEYS): a dump of this table holds no usable credential.
CREATE TABLE provider_connections (
    user_id                 bigint      NOT NULL,
    provider                text        NOT NULL,
    status                  text        NOT NULL,
    connected_at            timestamptz NOT NULL,
    access_token_encrypted  bytea       NOT NULL,
    refresh_token_encrypted bytea,
    token_secret_encrypted  bytea,       -- OAuth 1 (FatSecret)
    expires_at              timestamptz, -- of the access token
    external_user_id        text,        -- the user's id at the provider
    CONSTRAINT provider_connections_pkey PRIMARY KEY (user_id, provider),
    CONSTRAINT provider_connections_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT provider_connections_provider_check CHECK (provider IN ('whoop', 'fatsecret')),
    CONSTRAINT provider_connections_status_check CHECK (status IN ('connected', 'broken'))
);
-- connected_users(): the users to sync, by id
CREATE INDEX provider_connections_connected_idx ON provider_connections (provider, user_id)
    WHERE status = 'connected';

-- Once-only records ----------------------------------------------------------------------------

-- Notifications sent: the primary key makes a briefing go out once per user, kind and local
-- date, whatever number of workers try at the same moment.
CREATE TABLE sent_notifications (
    user_id    bigint NOT NULL,
    kind       text   NOT NULL, -- "morning", "evening", "weekly"
    local_date date   NOT NULL,
    CONSTRAINT sent_notifications_pkey PRIMARY KEY (user_id, kind, local_date),
    CONSTRAINT sent_notifications_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
);

-- Keys of processed inbound events (Telegram update ids, WHOOP webhook trace ids). The clean-up
-- job forgets them after 48 hours at the earliest: longer than either sender retries.
CREATE TABLE inbound_events (
    key     text        NOT NULL,
    seen_at timestamptz NOT NULL,
    CONSTRAINT inbound_events_pkey PRIMARY KEY (key)
);
-- forget_before()
CREATE INDEX inbound_events_seen_idx ON inbound_events (seen_at);

-- Diary writes queued in the transaction of the change they mirror. entry_id has no foreign
-- key: a queued write stays valid (and is dropped by the drain) if its entry is gone.
CREATE TABLE diary_outbox (
    id              bigint      NOT NULL,
    user_id         bigint      NOT NULL,
    entry_id        bigint      NOT NULL,
    action          text        NOT NULL,
    local_date      date        NOT NULL,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL,
    done_at         timestamptz,
    last_error      text,                 -- an error's kind, never food text or secrets
    CONSTRAINT diary_outbox_pkey PRIMARY KEY (id),
    CONSTRAINT diary_outbox_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT diary_outbox_action_check CHECK (action IN ('create', 'edit', 'delete')),
    CONSTRAINT diary_outbox_attempts_check CHECK (attempts >= 0)
);
-- due(): pending writes whose time has come
CREATE INDEX diary_outbox_due_idx ON diary_outbox (next_attempt_at) WHERE done_at IS NULL;
-- pending_for(), all_of()
CREATE INDEX diary_outbox_user_idx ON diary_outbox (user_id, created_at, id);

-- How far each user's data was synced, per provider and resource.
CREATE TABLE sync_cursors (
    user_id       bigint      NOT NULL,
    provider      text        NOT NULL,
    resource      text        NOT NULL,
    synced_until  timestamptz NOT NULL,
    CONSTRAINT sync_cursors_pkey PRIMARY KEY (user_id, provider, resource),
    CONSTRAINT sync_cursors_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT sync_cursors_provider_check CHECK (provider IN ('whoop', 'fatsecret'))
);
