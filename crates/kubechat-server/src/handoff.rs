//! `execution.mode = "operator"`: a confirmed change becomes a
//! `KubeChatCommand` the operator carries out as the person who asked;
//! the chat waits for it and reports each phase it passes.
//!
//! The command is created with the gateway's own credentials (its
//! service account in a cluster — the chart's admission policy lets only
//! it set `requestedBy`, `requestedGroups` and `chatConfirmation` for
//! someone else). Its name is derived from the audited request, so a
//! retry finds the same command instead of creating a second one.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use kube::Api;
use kube::api::PostParams;
use kubechat_chat::{Error, Handoff, HandoffJob, Result};
use kubechat_kube::{Outcome, OutcomeKind};
use kubechat_operator::crd::{Approval, ChatConfirmation, KubeChatRequester};
use kubechat_operator::{CommandPhase, KubeChatCommand, KubeChatCommandSpec};
use serde_json::json;

/// How often the command's status is read while waiting.
const POLL: Duration = Duration::from_millis(250);
/// Finished commands are removed by the operator after a day.
const TTL_SECONDS: i64 = 86_400;
/// Longest request text put in a command (the CRD's limit).
const MAX_TEXT: usize = 4000;

/// Hands changes to the operator through the Kubernetes API.
#[derive(Clone)]
pub struct OperatorHandoff {
    client: kube::Client,
    namespace: String,
    wait: Duration,
}

impl std::fmt::Debug for OperatorHandoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperatorHandoff")
            .field("namespace", &self.namespace)
            .field("wait", &self.wait)
            .finish_non_exhaustive()
    }
}

impl OperatorHandoff {
    pub fn new(client: kube::Client, namespace: &str, wait: Duration) -> Self {
        Self {
            client,
            namespace: namespace.to_owned(),
            wait,
        }
    }

    fn name(job: &HandoffJob) -> String {
        format!("chat-{}", job.request_id)
    }

    fn command(job: &HandoffJob) -> Result<KubeChatCommand> {
        let operation = serde_json::to_value(&job.operation)
            .map_err(|e| Error::Invalid(format!("the operation cannot be handed over: {e}")))?;
        let text: String = job.text.chars().take(MAX_TEXT).collect();
        let spec = KubeChatCommandSpec {
            text: Some(text),
            operation: Some(operation),
            requested_by: job.requester.kube_user.clone(),
            requested_groups: job.requester.kube_groups.clone(),
            chat_confirmation: match job.confirmation {
                "approved" => None,
                kind => Some(ChatConfirmation {
                    kind: kind.to_owned(),
                    request_id: job.request_id.to_string(),
                }),
            },
            kubechat_requester: Some(KubeChatRequester {
                workspace: job.requester.workspace_id.to_string(),
                user: job.requester.id.to_string(),
                bot: job.bot.clone(),
            }),
            approvals: job
                .approver
                .iter()
                .map(|(by, id)| Approval {
                    by: by.clone(),
                    comment: Some(format!("approved in KubeChat (request {})", job.request_id)),
                    kubechat_user: Some(id.to_string()),
                })
                .collect(),
            dry_run: false,
            ttl_seconds_after_finished: Some(TTL_SECONDS),
        };
        Ok(KubeChatCommand::new(&Self::name(job), spec))
    }

    async fn hand_over(
        &self,
        job: &HandoffJob,
        progress: &(dyn Fn(&str) + Send + Sync),
    ) -> Result<Outcome> {
        let api: Api<KubeChatCommand> = Api::namespaced(self.client.clone(), &self.namespace);
        let name = Self::name(job);
        let where_ = format!("kubectl get kcc {name} -n {}", self.namespace);
        match api
            .create(&PostParams::default(), &Self::command(job)?)
            .await
        {
            Ok(_) => {}
            // Created by an earlier attempt of this request: follow it.
            Err(kube::Error::Api(e)) if e.code == 409 => {}
            Err(e) => {
                return Err(Error::Unavailable(format!(
                    "the change could not be handed to the operator: {e}"
                )));
            }
        }
        progress("Pending");
        let start = Instant::now();
        let mut last = None;
        loop {
            let cmd = api.get(&name).await.map_err(|e| {
                Error::Unavailable(format!(
                    "the operator's command cannot be read ({where_}): {e}"
                ))
            })?;
            let status = cmd.status.clone().unwrap_or_default();
            if status.phase.is_some() && status.phase != last {
                last = status.phase;
                progress(&format!(
                    "{:?}",
                    status.phase.unwrap_or(CommandPhase::Pending)
                ));
            }
            let message = status
                .conditions
                .last()
                .map(|c| c.message.clone())
                .unwrap_or_default();
            match status.phase {
                Some(CommandPhase::Succeeded) => {
                    let text = status.output.clone().unwrap_or_default();
                    return Ok(Outcome {
                        kubectl: status
                            .kubectl
                            .clone()
                            .unwrap_or_else(|| kubechat_core::kubectl::render(&job.operation)),
                        kind: OutcomeKind::Changes,
                        summary: text
                            .lines()
                            .next()
                            .map_or_else(|| "done by the operator".to_owned(), str::to_owned),
                        text,
                        data: json!({
                            "command": {"namespace": self.namespace, "name": name,
                                        "phase": "Succeeded", "auditEventId": status.audit_event_id},
                        }),
                    });
                }
                Some(CommandPhase::Failed | CommandPhase::Denied) => {
                    return Err(Error::Operator(format!(
                        "the operator did not carry it out ({:?}): {}; see {where_}",
                        status.phase.unwrap_or(CommandPhase::Failed),
                        if message.is_empty() {
                            status.output.unwrap_or_default()
                        } else {
                            message
                        }
                    )));
                }
                _ => {}
            }
            if start.elapsed() >= self.wait {
                return Err(Error::Unavailable(format!(
                    "the operator has not finished within {} s; it carries on — follow it with {where_}",
                    self.wait.as_secs()
                )));
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

impl Handoff for OperatorHandoff {
    fn destination(&self, job: &HandoffJob) -> String {
        format!("kubechatcommand {}/{}", self.namespace, Self::name(job))
    }

    fn run<'a>(
        &'a self,
        job: &'a HandoffJob,
        progress: &'a (dyn Fn(&str) + Send + Sync),
    ) -> Pin<Box<dyn Future<Output = Result<Outcome>> + Send + 'a>> {
        Box::pin(self.hand_over(job, progress))
    }
}
