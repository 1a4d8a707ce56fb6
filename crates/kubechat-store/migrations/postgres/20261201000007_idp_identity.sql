-- A single sign-on person's name and groups at their identity provider,
-- as of their last sign-in: what the workspace's identity templates fill
-- {oidc_username} and {oidc_groups} with. NULL for people who never
-- signed in that way.
ALTER TABLE users ADD COLUMN idp_username TEXT;
ALTER TABLE users ADD COLUMN idp_groups TEXT;
-- People who signed in before the templates covered them carry the
-- provider's identity explicitly; it moves into the new columns and they
-- follow the templates from now on (their next sign-in refreshes it).
UPDATE users
SET idp_username = kube_user, idp_groups = kube_groups, kube_user = '', kube_groups = '[]'
WHERE id IN (SELECT user_id FROM sso_links);
