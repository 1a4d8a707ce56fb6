-- Which KubeChat person an identity provider's subject is: made at the
-- person's first single sign-on (or when an existing account is linked,
-- where the provider is trusted to), removed with the person. A user name
-- alone never links: the same name at an identity provider does not take
-- over a KubeChat account.
CREATE TABLE sso_links (
    issuer    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_links_user ON sso_links (user_id);
