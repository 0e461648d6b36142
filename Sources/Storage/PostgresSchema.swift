/// The ordered migrations of the PostgreSQL schema: the same versions, tables and columns as the
/// SQLite `Schema`, in PostgreSQL's types. Append new steps; never change released ones.
///
/// Identifiers and emails compare byte-wise (`COLLATE "C"`), as in SQLite, whatever the
/// database's locale: orders are the same, and `lower()` folds ASCII letters only.
enum PostgresSchema {
    static let migrations: [PostgresMigration] = [usersAndDevices, usage, billing, sessions]

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Version 1: users keyed by the identity's `sub`, and their devices.
    static let usersAndDevices = PostgresMigration(version: 1, name: "users and devices", statements: [
        """
        CREATE TABLE users (
            id TEXT COLLATE "C" PRIMARY KEY CHECK (id <> ''),
            email TEXT COLLATE "C" NOT NULL,
            name TEXT COLLATE "C",
            picture_url TEXT COLLATE "C",
            role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
            plan TEXT NOT NULL DEFAULT 'free'
                CHECK (plan IN ('free', 'starter', 'pro', 'unlimited', 'enterprise')),
            settings TEXT NOT NULL DEFAULT '{"aiMode":"auto","autoGrammarFix":true,"language":"en"}',
            created_at BIGINT NOT NULL,
            last_login_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        // A hash index: equality is all the lookup needs, and it has no size limit on the key
        // (a B-tree refuses entries over about 2.7 kB, and an email is whatever the identity says).
        "CREATE INDEX users_email ON users USING hash (lower(email))",
        "CREATE INDEX users_created_at ON users (created_at)",
        "CREATE INDEX users_plan ON users (plan)",
        """
        CREATE TABLE devices (
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            device_id TEXT COLLATE "C" NOT NULL,
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            PRIMARY KEY (user_id, device_id)
        )
        """,
    ])

    /// Version 2: usage records, and per-month totals so a new month starts at zero without a job.
    static let usage = PostgresMigration(version: 2, name: "usage", statements: [
        """
        CREATE TABLE usage_records (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            seconds DOUBLE PRECISION NOT NULL CHECK (seconds >= 0),
            mode TEXT NOT NULL,
            language TEXT NOT NULL,
            processing_time_ms BIGINT NOT NULL,
            success BOOLEAN NOT NULL,
            error_message TEXT,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX usage_records_user_newest ON usage_records (user_id, created_at DESC, id DESC)",
        """
        CREATE TABLE usage_monthly (
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            month TEXT COLLATE "C" NOT NULL CHECK (month ~ '^[0-9]{4}-[0-1][0-9]$'),
            seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
            PRIMARY KEY (user_id, month)
        )
        """,
    ])

    /// Version 3: Stripe customer and subscription state, and processed Stripe event ids.
    static let billing = PostgresMigration(version: 3, name: "billing", statements: [
        """
        ALTER TABLE users
            ADD COLUMN stripe_customer_id TEXT COLLATE "C",
            ADD COLUMN stripe_subscription_id TEXT COLLATE "C",
            ADD COLUMN subscription_status TEXT,
            ADD COLUMN subscription_period_end BIGINT,
            ADD COLUMN subscription_event_at BIGINT
        """,
        "CREATE UNIQUE INDEX users_stripe_customer ON users (stripe_customer_id)",
        """
        CREATE TABLE stripe_events (
            id TEXT COLLATE "C" PRIMARY KEY,
            type TEXT NOT NULL,
            processed_at BIGINT NOT NULL
        )
        """,
    ])

    /// Version 4: logout revocations (until the token's expiry), deletion tombstones, API keys (prefix and hash only).
    static let sessions = PostgresMigration(version: 4, name: "sessions", statements: [
        """
        CREATE TABLE revoked_tokens (
            token_hash TEXT COLLATE "C" PRIMARY KEY,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at)",
        """
        CREATE TABLE deleted_users (
            user_id TEXT COLLATE "C" PRIMARY KEY,
            deleted_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE api_keys (
            id TEXT COLLATE "C" PRIMARY KEY,
            user_id TEXT COLLATE "C" NOT NULL,
            name TEXT NOT NULL,
            prefix TEXT COLLATE "C" NOT NULL UNIQUE,
            secret_hash TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            last_used_at BIGINT
        )
        """,
        "CREATE INDEX api_keys_user ON api_keys (user_id, created_at DESC, id DESC)",
    ])
}

/// One step of the PostgreSQL schema's history: statements run in order in one transaction.
struct PostgresMigration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
}
