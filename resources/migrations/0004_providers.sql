-- 0004: the merchant's accounts with payment providers, one per environment.
-- The app's private key is stored only as a SecretVault blob (AES-256-GCM).
CREATE TABLE provider_accounts (
    provider            TEXT NOT NULL,          -- 'alipay'
    environment         TEXT NOT NULL,          -- 'sandbox-embedded', 'sandbox:<url>', 'production'
    app_id              TEXT NOT NULL,
    gateway             TEXT NOT NULL,
    provider_public_key TEXT NOT NULL,          -- SPKI PEM (public, not a secret)
    app_private_key     TEXT NOT NULL,          -- SecretVault blob, never plain PEM
    created_at          TEXT NOT NULL,
    PRIMARY KEY (provider, environment)
);
