//! The resource's types. Field docs become the CRD's OpenAPI
//! descriptions, which `kubectl explain kcc.spec` shows.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{Condition, Time};
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Most bytes of output kept in the status (the rest is in the audit
/// log): status objects live in etcd, which has a 1.5 MiB object limit.
pub const MAX_OUTPUT_BYTES: usize = 4096;

/// A request to KubeChat, executed by the operator as `requestedBy`.
#[derive(CustomResource, Deserialize, Serialize, Clone, Debug, PartialEq, JsonSchema)]
#[kube(
    group = "kubechat.io",
    version = "v1alpha1",
    kind = "KubeChatCommand",
    namespaced,
    shortname = "kcc",
    status = "KubeChatCommandStatus",
    printcolumn = r#"{"name":"Phase","type":"string","jsonPath":".status.phase"}"#,
    printcolumn = r#"{"name":"Requested-By","type":"string","jsonPath":".spec.requestedBy"}"#,
    printcolumn = r#"{"name":"Command","type":"string","jsonPath":".status.kubectl"}"#,
    printcolumn = r#"{"name":"Dry-Run","type":"boolean","jsonPath":".spec.dryRun","priority":1}"#,
    printcolumn = r#"{"name":"Audit-Event","type":"string","jsonPath":".status.auditEventId","priority":1}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct KubeChatCommandSpec {
    /// The request in plain language or kubectl syntax, e.g. "scale
    /// checkout to 5 in shop". One of text and operation is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4000))]
    pub text: Option<String>,
    /// The typed operation (KubeChat's Operation JSON); when set it is
    /// what runs, and text is kept as the human description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "free_form")]
    pub operation: Option<serde_json::Value>,
    /// The Kubernetes user the command runs as (impersonated). Admission
    /// makes it equal the creating user, unless the creator is the
    /// KubeChat gateway acting for its users.
    #[schemars(length(min = 1, max = 253))]
    pub requested_by: String,
    /// The requester's groups, impersonated with them. Admission allows
    /// only groups the creating user has, unless the creator is the
    /// gateway acting for its users.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 32))]
    pub requested_groups: Vec<String>,
    /// Set by the KubeChat gateway (admission refuses it from anyone
    /// else): the requester already confirmed this command in the chat
    /// after its dry-run preview, so it runs without waiting — a
    /// destructive one too when the workspace asks for a typed
    /// confirmation rather than a second approver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_confirmation: Option<ChatConfirmation>,
    /// Set by the KubeChat gateway (admission refuses it from anyone
    /// else): the KubeChat person the command was asked for. When it runs
    /// the operator reads them again — still enabled, their role now,
    /// their bot's policy and their workspace's plan — and refuses with
    /// the reason when the answer changed since the chat confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubechat_requester: Option<KubeChatRequester>,
    /// Approvals of a destructive command, by people other than the
    /// requester (admission refuses a requester's own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 16))]
    pub approvals: Vec<Approval>,
    /// Only the server-side dry run: nothing is changed.
    #[serde(default)]
    pub dry_run: bool,
    /// Deleted this long after it finished (Succeeded, Failed, Denied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub ttl_seconds_after_finished: Option<i64>,
}

/// How the requester confirmed a command in the chat.
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatConfirmation {
    /// `simple` (a confirm after the preview) or `typed` (the object's
    /// name typed for a destructive change).
    #[schemars(regex(pattern = "^(simple|typed)$"))]
    pub kind: String,
    /// The gateway's audit request id of the preview.
    #[schemars(length(max = 64))]
    pub request_id: String,
}

/// The KubeChat person a gateway-created command is for.
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KubeChatRequester {
    /// The KubeChat workspace id.
    #[schemars(length(min = 36, max = 36))]
    pub workspace: String,
    /// The KubeChat user id.
    #[schemars(length(min = 36, max = 36))]
    pub user: String,
    /// The bot whose policy decided (absent: the workspace's default bot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 63))]
    pub bot: Option<String>,
}

/// One approval of a command.
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    /// The Kubernetes user who approved.
    #[schemars(length(min = 1, max = 253))]
    pub by: String,
    /// Why, for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1000))]
    pub comment: Option<String>,
    /// The approver's KubeChat user id, set by the gateway for approvals
    /// given in KubeChat: the operator checks that person (enabled, an
    /// admin of the workspace, not the requester) when the change runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 36, max = 36))]
    pub kubechat_user: Option<String>,
}

/// Where a command is.
#[derive(Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
pub enum CommandPhase {
    Pending,
    AwaitingApproval,
    Running,
    Succeeded,
    Failed,
    Denied,
}

/// What the operator observed and did.
#[derive(Deserialize, Serialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KubeChatCommandStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<CommandPhase>,
    /// The kubectl line the command amounts to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubectl: Option<String>,
    /// The answer, cut at 4 KiB (the audit log has the rest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4096))]
    pub output: Option<String>,
    /// The id of the audit request this command is recorded under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_event_id: Option<String>,
    /// When it reached Succeeded, Failed or Denied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Time>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The spec generation this status describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

/// Any JSON object, kept as sent (the Operation contract is validated by
/// KubeChat, not by the API server's structural schema).
fn free_form(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "x-kubernetes-preserve-unknown-fields": true
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube::CustomResourceExt;

    #[test]
    fn names_scope_and_columns() {
        let crd = KubeChatCommand::crd();
        assert_eq!(
            crd.metadata.name.as_deref(),
            Some("kubechatcommands.kubechat.io")
        );
        assert_eq!(crd.spec.scope, "Namespaced");
        assert_eq!(crd.spec.names.short_names, Some(vec!["kcc".to_owned()]));
        let v = &crd.spec.versions[0];
        assert_eq!(v.name, "v1alpha1");
        let columns: Vec<&str> = v
            .additional_printer_columns
            .iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            columns,
            [
                "Phase",
                "Requested-By",
                "Command",
                "Dry-Run",
                "Audit-Event",
                "Age"
            ]
        );
        assert!(v.subresources.as_ref().unwrap().status.is_some());
    }

    #[test]
    fn the_spec_reads_camel_case_and_defaults() {
        let spec: KubeChatCommandSpec = serde_json::from_value(serde_json::json!({
            "text": "scale web to 3", "requestedBy": "alice"
        }))
        .unwrap();
        assert_eq!(spec.requested_by, "alice");
        assert!(!spec.dry_run);
        assert!(spec.approvals.is_empty());
    }
}
