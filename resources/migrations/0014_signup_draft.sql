-- 0014: the merchant signup wizard's draft (one application per till). Secrets (ID and
-- account numbers, contact details, document photos) live only in the SecretVault blob.
CREATE TABLE signup_draft (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    page        INTEGER NOT NULL,       -- the wizard page to reopen at
    data        TEXT NOT NULL,          -- JSON of the non-secret fields and the review state
    secrets     TEXT NOT NULL,          -- SecretVault blob of the secret fields' JSON
    updated_at  TEXT NOT NULL           -- UTC ISO-8601
);
