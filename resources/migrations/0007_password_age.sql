-- 0007: when each password was last set, for the owner's maximum password age (off by default).
ALTER TABLE operators ADD COLUMN password_changed_at TEXT;
-- The true age of passwords set before this version is not known: it starts with the upgrade.
UPDATE operators SET password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
