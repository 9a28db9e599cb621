-- 0013: the first-run wizard's draft, one row per page, so that a wizard quit midway (or
-- cancelled) resumes after a restart. `data` is the page's plain fields as JSON; `secrets` is
-- a SecretVault blob (AES-256-GCM, bound to the page key) of the fields marked sensitive,
-- NULL when the page has none. Rows go when the wizard finishes.
CREATE TABLE onboarding_drafts (
    page_key   TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    secrets    TEXT,
    updated_at TEXT NOT NULL
);
