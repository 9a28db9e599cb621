-- 0006: the fields a provider's account has beyond the common ones (a WeChat Pay merchant id,
-- its certificate serials, ...) and its further secrets (API keys). params is a JSON object of
-- plain strings; secrets is a JSON object of SecretVault blobs, one per secret, never plain text.
ALTER TABLE provider_accounts ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE provider_accounts ADD COLUMN secrets TEXT NOT NULL DEFAULT '{}';
