-- How a workspace's users map to Kubernetes identities: templates with
-- {username} and {role}. A user stored with an empty kube_user follows
-- them; one created with --kube-user/--kube-group keeps its own. No row:
-- the built-in default ("{username}", ["kubechat:{role}"]).
CREATE TABLE workspace_identity (
    workspace_id     TEXT PRIMARY KEY,
    user_template    TEXT NOT NULL,
    groups_template  TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

-- Users created with the old built-in default follow the template from now
-- on (it renders to exactly what they had).
UPDATE users SET kube_user = '', kube_groups = '[]'
WHERE kube_user = username AND kube_groups = '["kubechat:' || role || '"]';
