-- A revocation epoch per user: access and API tokens carry the epoch they
-- were issued under, and a password reset moves it on, so every token
-- issued before the reset stops working at once (independent of clocks).
ALTER TABLE users ADD COLUMN token_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
