//! The demo's objects, keyed by resource, namespace and name.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use kubechat_core::Clock;
use serde_json::{Value, json};

/// Bounded: the demo refuses to grow past this many objects.
pub const MAX_OBJECTS: usize = 10_000;

type Key = (String, String, String);
/// Namespace, pod, container, previous instance.
type LogKey = (String, String, String, bool);

/// In-memory objects and pod logs.
#[derive(Debug)]
pub struct Store {
    objects: Mutex<BTreeMap<Key, Value>>,
    logs: Mutex<BTreeMap<LogKey, Vec<String>>>,
    clock: Arc<dyn Clock>,
    version: Mutex<u64>,
}

impl Store {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            objects: Mutex::default(),
            logs: Mutex::default(),
            clock,
            version: Mutex::new(1),
        }
    }

    fn next_version(&self) -> String {
        let mut v = self.version.lock().unwrap_or_else(PoisonError::into_inner);
        *v += 1;
        v.to_string()
    }

    /// RFC 3339 time `ago_seconds` before now.
    pub fn ago(&self, ago_seconds: i64) -> String {
        let t = self.clock.now() - time::Duration::seconds(ago_seconds);
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    pub fn now_unix(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    /// Stores `obj` (its metadata names it); fills uid and resourceVersion.
    pub fn put(&self, resource: &str, mut obj: Value) -> Result<Value, String> {
        let ns = obj["metadata"]["namespace"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let name = obj["metadata"]["name"].as_str().unwrap_or("").to_owned();
        if obj["metadata"]["uid"].is_null() {
            obj["metadata"]["uid"] = json!(format!("demo-{resource}-{ns}-{name}"));
        }
        obj["metadata"]["resourceVersion"] = json!(self.next_version());
        let mut objects = self.objects.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (resource.to_owned(), ns, name);
        if objects.len() >= MAX_OBJECTS && !objects.contains_key(&key) {
            return Err(format!(
                "the demo cluster holds at most {MAX_OBJECTS} objects"
            ));
        }
        objects.insert(key, obj.clone());
        Ok(obj)
    }

    pub fn get(&self, resource: &str, ns: &str, name: &str) -> Option<Value> {
        let objects = self.objects.lock().unwrap_or_else(PoisonError::into_inner);
        objects
            .get(&(resource.to_owned(), ns.to_owned(), name.to_owned()))
            .cloned()
    }

    /// Objects of `resource` in `ns` (all namespaces when `None`).
    pub fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Value> {
        let objects = self.objects.lock().unwrap_or_else(PoisonError::into_inner);
        objects
            .iter()
            .filter(|((r, n, _), _)| r == resource && ns.is_none_or(|ns| ns == n))
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn delete(&self, resource: &str, ns: &str, name: &str) -> Option<Value> {
        let mut objects = self.objects.lock().unwrap_or_else(PoisonError::into_inner);
        objects.remove(&(resource.to_owned(), ns.to_owned(), name.to_owned()))
    }

    pub fn set_logs(&self, ns: &str, pod: &str, container: &str, previous: bool, lines: &[&str]) {
        let mut logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        logs.insert(
            (
                ns.to_owned(),
                pod.to_owned(),
                container.to_owned(),
                previous,
            ),
            lines.iter().map(|l| (*l).to_owned()).collect(),
        );
    }

    pub fn logs(
        &self,
        ns: &str,
        pod: &str,
        container: &str,
        previous: bool,
    ) -> Option<Vec<String>> {
        let logs = self.logs.lock().unwrap_or_else(PoisonError::into_inner);
        logs.get(&(
            ns.to_owned(),
            pod.to_owned(),
            container.to_owned(),
            previous,
        ))
        .cloned()
    }
}
