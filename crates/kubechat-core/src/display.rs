//! Small renderings shared by every front end.

/// An age the way kubectl shows it: `45s`, `3m`, `2h`, `4d`.
pub fn age(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages() {
        assert_eq!(super::age(-5), "0s");
        assert_eq!(super::age(59), "59s");
        assert_eq!(super::age(3599), "59m");
        assert_eq!(super::age(7200), "2h");
        assert_eq!(super::age(3 * 86_400), "3d");
    }
}
