-- Destructive requests waiting for a second admin (policy
-- destructive_confirmation = "approval"). The plan itself waits in the
-- shared cache; this row makes the request listable for approvers and
-- keeps who decided, and when, after the plan is gone.
CREATE TABLE approval_requests (
    plan_id       TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    requester_id  TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    text          TEXT NOT NULL,
    kubectl       TEXT NOT NULL,
    namespace     TEXT NOT NULL,
    changes       TEXT NOT NULL,
    status        TEXT NOT NULL,
    decided_by    TEXT,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    decided_at    TEXT
);

CREATE INDEX approval_requests_pending ON approval_requests (workspace_id, status, created_at);
