//! Rendering the API server's own Table form (`as=Table`), so every type —
//! CRDs included — gets the columns its authors chose, like kubectl.

use serde_json::Value;

/// The Accept header asking for a server-side Table.
pub const TABLE_ACCEPT: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "<none>".to_owned(),
        Value::String(s) if s.is_empty() => "<none>".to_owned(),
        Value::String(s) => s.chars().filter(|c| !c.is_control()).take(200).collect(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Renders a Table as aligned columns; `wide` adds the low-priority
/// columns, `namespaces` prepends NAMESPACE (for all-namespace lists).
/// Returns the text and the number of rows.
pub fn render(table: &Value, wide: bool, namespaces: bool) -> (String, usize) {
    let empty = Vec::new();
    let defs = table["columnDefinitions"].as_array().unwrap_or(&empty);
    let rows = table["rows"].as_array().unwrap_or(&empty);
    let shown: Vec<usize> = defs
        .iter()
        .enumerate()
        .filter(|(_, d)| wide || d["priority"].as_i64().unwrap_or(0) == 0)
        .map(|(i, _)| i)
        .collect();
    let mut grid: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    let mut header: Vec<String> = shown
        .iter()
        .map(|i| defs[*i]["name"].as_str().unwrap_or("").to_ascii_uppercase())
        .collect();
    if namespaces {
        header.insert(0, "NAMESPACE".to_owned());
    }
    grid.push(header);
    for row in rows {
        let cells = row["cells"].as_array().unwrap_or(&empty);
        let mut line: Vec<String> = shown
            .iter()
            .map(|i| cell(cells.get(*i).unwrap_or(&Value::Null)))
            .collect();
        if namespaces {
            let ns = row["object"]["metadata"]["namespace"]
                .as_str()
                .unwrap_or("");
            line.insert(0, ns.to_owned());
        }
        grid.push(line);
    }
    (align(&grid), rows.len())
}

/// Adds kubectl's label columns to a server Table, from each row's
/// object metadata (which a Table carries by default): one column per
/// `-L` key, headed by the key upper-cased, then LABELS for
/// `--show-labels` (`k=v,…`, sorted by key). The web UI and the text both
/// read the Table, so both show them.
pub fn add_label_columns(table: &mut Value, show_labels: bool, keys: &[String]) {
    if !show_labels && keys.is_empty() {
        return;
    }
    let mut heads: Vec<String> = keys.iter().map(|k| k.to_ascii_uppercase()).collect();
    if show_labels {
        heads.push("LABELS".to_owned());
    }
    if let Some(defs) = table["columnDefinitions"].as_array_mut() {
        for h in &heads {
            defs.push(
                serde_json::json!({"name": h, "type": "string", "format": "", "priority": 0}),
            );
        }
    }
    let Some(rows) = table["rows"].as_array_mut() else {
        return;
    };
    for row in rows {
        let labels = row["object"]["metadata"]["labels"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut extra: Vec<Value> = keys
            .iter()
            .map(|k| {
                labels
                    .get(k)
                    .cloned()
                    .unwrap_or(Value::String(String::new()))
            })
            .collect();
        if show_labels {
            let mut all: Vec<(&String, &Value)> = labels.iter().collect();
            all.sort_by(|a, b| a.0.cmp(b.0));
            let joined = all
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(",");
            extra.push(Value::String(joined));
        }
        if let Some(cells) = row["cells"].as_array_mut() {
            cells.extend(extra);
        }
    }
}

/// Left-aligned columns separated by three spaces, like kubectl.
pub fn align(grid: &[Vec<String>]) -> String {
    let cols = grid.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            grid.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in grid {
        let mut line = String::new();
        for (c, s) in row.iter().enumerate() {
            line.push_str(s);
            if c + 1 < row.len() {
                let pad = widths[c] - s.chars().count() + 3;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn renders_priority_zero_columns_aligned() {
        let t = json!({
            "columnDefinitions": [
                {"name": "Name", "priority": 0}, {"name": "Ready", "priority": 0},
                {"name": "IP", "priority": 1}
            ],
            "rows": [
                {"cells": ["web-1", "1/1", "10.0.0.1"], "object": {"metadata": {"namespace": "shop"}}},
                {"cells": ["api-server-2", "0/1", null], "object": {"metadata": {"namespace": "shop"}}}
            ]
        });
        let (text, n) = render(&t, false, false);
        assert_eq!(n, 2);
        assert_eq!(
            text,
            "NAME           READY\nweb-1          1/1\napi-server-2   0/1\n"
        );
        let (wide, _) = render(&t, true, true);
        assert!(
            wide.starts_with("NAMESPACE   NAME           READY   IP\n"),
            "{wide}"
        );
        assert!(wide.contains("<none>"));
    }

    #[test]
    fn label_columns_come_from_each_rows_metadata() {
        let mut t = json!({
            "columnDefinitions": [{"name": "Name", "priority": 0}],
            "rows": [
                {"cells": ["web-1"], "object": {"metadata": {"labels": {"tier": "front", "app": "web"}}}},
                {"cells": ["db-0"], "object": {"metadata": {}}}
            ]
        });
        add_label_columns(&mut t, true, &["app".to_owned()]);
        assert_eq!(
            render(&t, false, false).0,
            "NAME    APP      LABELS\nweb-1   web      app=web,tier=front\ndb-0    <none>   <none>\n"
        );
    }

    #[test]
    fn control_characters_from_the_cluster_are_dropped() {
        let t = json!({"columnDefinitions": [{"name": "Name"}], "rows": [{"cells": ["a\u{1b}[31mred"]}]});
        assert_eq!(render(&t, false, false).0, "NAME\na[31mred\n");
    }
}
