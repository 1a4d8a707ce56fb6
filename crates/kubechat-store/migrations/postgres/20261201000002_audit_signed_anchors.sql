-- Retention anchors carry an Ed25519 signature (hex) over the workspace,
-- seq and hash, made with the audit key kept outside the database, so an
-- anchor written by anyone without the key is named by `audit verify`.
-- NULL: pruned without the key (or before this migration).
ALTER TABLE audit_anchors ADD COLUMN signature TEXT;
