//! Resource quantities as the API server writes them (`120m`, `250000n`,
//! `180Mi`), read into whole numbers so usage can be added up and ordered
//! as `kubectl top` does.

/// Bytes of a memory quantity (`256Mi`, `1Gi`, `500M`, `1048576`); a
/// fraction of a unit is not read (no fix is proposed from a guess).
pub(crate) fn memory_bytes(q: &str) -> Option<u64> {
    let q = q.trim();
    let units: [(&str, u64); 8] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("k", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
    ];
    for (suffix, factor) in units {
        if let Some(n) = q.strip_suffix(suffix) {
            return n.parse::<u64>().ok()?.checked_mul(factor);
        }
    }
    q.parse().ok()
}

/// Nanocores of a CPU quantity: metrics-server writes `250000n`, people
/// and limits `120m`, `1` or `0.5`.
pub(crate) fn cpu_nanocores(q: &str) -> Option<u64> {
    let q = q.trim();
    for (suffix, factor) in [("n", 1), ("u", 1_000), ("m", 1_000_000)] {
        if let Some(n) = q.strip_suffix(suffix) {
            return n.parse::<u64>().ok()?.checked_mul(factor);
        }
    }
    // Whole or decimal cores, to the nanocore.
    let (whole, frac) = q.split_once('.').unwrap_or((q, ""));
    if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = if whole.is_empty() && !frac.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().ok()?
    };
    whole.checked_mul(1_000_000_000)?.checked_add(frac)
}

/// How `kubectl top` shows CPU: millicores, a started one counted whole.
pub(crate) fn cpu_text(nanocores: u64) -> String {
    format!("{}m", nanocores.div_ceil(1_000_000))
}

/// How `kubectl top` shows memory: whole mebibytes.
pub(crate) fn memory_text(bytes: u64) -> String {
    format!("{}Mi", bytes >> 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_quantities_read_as_the_api_server_writes_them() {
        assert_eq!(memory_bytes("64Mi"), Some(64 << 20));
        assert_eq!(memory_bytes("1Gi"), Some(1 << 30));
        assert_eq!(memory_bytes("500M"), Some(500_000_000));
        assert_eq!(memory_bytes("128974848"), Some(128_974_848));
        assert_eq!(memory_bytes("2k"), Some(2_000));
        // Not a whole number of a unit: no fix is proposed from it.
        for q in ["1.5Gi", "100m", "", "Mi", "-1Mi", "99999999999999999999Ti"] {
            assert_eq!(memory_bytes(q), None, "{q}");
        }
    }

    #[test]
    fn cpu_quantities_in_every_unit_the_api_server_writes() {
        assert_eq!(cpu_nanocores("250000n"), Some(250_000));
        assert_eq!(cpu_nanocores("120m"), Some(120_000_000));
        assert_eq!(cpu_nanocores("15u"), Some(15_000));
        assert_eq!(cpu_nanocores("2"), Some(2_000_000_000));
        assert_eq!(cpu_nanocores("0.5"), Some(500_000_000));
        assert_eq!(cpu_nanocores(".25"), Some(250_000_000));
        for q in ["", "m", "-1m", "1.5m", "0.0000000001", "1e3", "abc"] {
            assert_eq!(cpu_nanocores(q), None, "{q}");
        }
        // A quarter of a millicore is shown as kubectl shows it: 1m.
        assert_eq!(cpu_text(250_000), "1m");
        assert_eq!(cpu_text(121_000_000), "121m");
        assert_eq!(memory_text(188 << 20 | 5), "188Mi");
    }
}
