/// The ordered migrations of the SQLite schema. Append new steps; never change released ones.
enum Schema {
    static let migrations: [Migration] = [usersAndDevices, usage, billing, sessions]

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Version 1: users keyed by the identity's `sub`, and their devices.
    static let usersAndDevices = Migration(version: 1, name: "users and devices", sql: """
        CREATE TABLE users (
            id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
            email TEXT NOT NULL,
            name TEXT,
            picture_url TEXT,
            role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
            plan TEXT NOT NULL DEFAULT 'free'
                CHECK (plan IN ('free', 'starter', 'pro', 'unlimited', 'enterprise')),
            settings TEXT NOT NULL DEFAULT '{"aiMode":"auto","autoGrammarFix":true,"language":"en"}',
            created_at INTEGER NOT NULL,
            last_login_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX users_email ON users (email COLLATE NOCASE);
        CREATE INDEX users_created_at ON users (created_at);
        CREATE INDEX users_plan ON users (plan);
        CREATE TABLE devices (
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            device_id TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            PRIMARY KEY (user_id, device_id)
        ) STRICT, WITHOUT ROWID;
        """)

    /// Version 2: usage records, and per-month totals so a new month starts at zero without a job.
    static let usage = Migration(version: 2, name: "usage", sql: """
        CREATE TABLE usage_records (
            id INTEGER PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            seconds REAL NOT NULL CHECK (seconds >= 0),
            mode TEXT NOT NULL,
            language TEXT NOT NULL,
            processing_time_ms INTEGER NOT NULL,
            success INTEGER NOT NULL CHECK (success IN (0, 1)),
            error_message TEXT,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX usage_records_user_newest ON usage_records (user_id, created_at DESC, id DESC);
        CREATE TABLE usage_monthly (
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
            seconds REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (user_id, month)
        ) STRICT, WITHOUT ROWID;
        """)

    /// Version 3: Stripe customer and subscription state, and processed Stripe event ids.
    static let billing = Migration(version: 3, name: "billing", sql: """
        ALTER TABLE users ADD COLUMN stripe_customer_id TEXT;
        ALTER TABLE users ADD COLUMN stripe_subscription_id TEXT;
        ALTER TABLE users ADD COLUMN subscription_status TEXT;
        ALTER TABLE users ADD COLUMN subscription_period_end INTEGER;
        ALTER TABLE users ADD COLUMN subscription_event_at INTEGER;
        CREATE UNIQUE INDEX users_stripe_customer ON users (stripe_customer_id);
        CREATE TABLE stripe_events (
            id TEXT PRIMARY KEY NOT NULL,
            type TEXT NOT NULL,
            processed_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """)

    /// Version 4: logout revocations (until the token's expiry), deletion tombstones, API keys (prefix and hash only).
    static let sessions = Migration(version: 4, name: "sessions", sql: """
        CREATE TABLE revoked_tokens (
            token_hash TEXT PRIMARY KEY NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);
        CREATE TABLE deleted_users (
            user_id TEXT PRIMARY KEY NOT NULL,
            deleted_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY NOT NULL,
            user_id TEXT NOT NULL,
            name TEXT NOT NULL,
            prefix TEXT NOT NULL UNIQUE,
            secret_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER
        ) STRICT;
        CREATE INDEX api_keys_user ON api_keys (user_id, created_at DESC, id DESC);
        """)
}
