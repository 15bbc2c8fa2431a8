//! PAX extended header records (`x` for the next entry, `g` for all later ones): the keys a
//! listing needs (path, linkpath, size, uid, gid, uname, gname, mtime, GNU sparse keys).

use super::LayerError;

/// Values read from PAX records; `None` means "use the header's field".
#[derive(Debug, Clone, Default)]
pub(crate) struct PaxValues {
    pub path: Option<String>,
    pub linkpath: Option<String>,
    pub size: Option<u64>,
    pub uid: Option<u64>,
    pub gid: Option<u64>,
    pub uname: Option<String>,
    pub gname: Option<String>,
    pub mtime: Option<i64>,
    /// Any `GNU.sparse.*` key was present.
    pub sparse: bool,
    /// `GNU.sparse.realsize` (format 1.0) or `GNU.sparse.size` (0.x): the file's real size.
    pub sparse_realsize: Option<u64>,
    /// `GNU.sparse.name`: the file's real name.
    pub sparse_name: Option<String>,
}

impl PaxValues {
    /// Values of `self`, falling back to `base` (the global records) where unset.
    pub fn over(&self, base: &PaxValues) -> PaxValues {
        PaxValues {
            path: self.path.clone().or_else(|| base.path.clone()),
            linkpath: self.linkpath.clone().or_else(|| base.linkpath.clone()),
            size: self.size.or(base.size),
            uid: self.uid.or(base.uid),
            gid: self.gid.or(base.gid),
            uname: self.uname.clone().or_else(|| base.uname.clone()),
            gname: self.gname.clone().or_else(|| base.gname.clone()),
            mtime: self.mtime.or(base.mtime),
            sparse: self.sparse || base.sparse,
            sparse_realsize: self.sparse_realsize.or(base.sparse_realsize),
            sparse_name: self
                .sparse_name
                .clone()
                .or_else(|| base.sparse_name.clone()),
        }
    }
}

/// Reads the records of one extended header into `into`. `offset` names the header in errors.
pub(crate) fn parse_records(
    mut data: &[u8],
    into: &mut PaxValues,
    offset: u64,
) -> Result<(), LayerError> {
    let bad = |detail: String| LayerError::BadPaxRecord { offset, detail };
    while !data.is_empty() {
        // Some writers pad the data with NULs: stop there.
        if data.iter().all(|&b| b == 0) {
            break;
        }
        let space = data
            .iter()
            .take(20)
            .position(|&b| b == b' ')
            .ok_or_else(|| bad("a record does not start with its length".to_owned()))?;
        let len_text = std::str::from_utf8(&data[..space])
            .map_err(|_| bad("a record length is not a number".to_owned()))?;
        let len: usize = len_text
            .parse()
            .map_err(|_| bad(format!("record length {len_text:?} is not a number")))?;
        if len <= space + 1 || len > data.len() {
            return Err(bad(format!(
                "a record claims {len} bytes but {} remain",
                data.len()
            )));
        }
        let record = &data[space + 1..len];
        data = &data[len..];
        let Some(record) = record.strip_suffix(b"\n") else {
            return Err(bad("a record does not end with a newline".to_owned()));
        };
        let eq = record
            .iter()
            .position(|&b| b == b'=')
            .ok_or_else(|| bad("a record has no '='".to_owned()))?;
        let key = String::from_utf8_lossy(&record[..eq]);
        let value = String::from_utf8_lossy(&record[eq + 1..]).into_owned();
        apply(&key, value, into).map_err(bad)?;
    }
    Ok(())
}

fn apply(key: &str, value: String, into: &mut PaxValues) -> Result<(), String> {
    let number = |v: &str| -> Result<u64, String> {
        v.trim()
            .parse::<u64>()
            .map_err(|_| format!("{key}={v:?} is not a number"))
    };
    let empty = value.is_empty();
    match key {
        "path" => into.path = (!empty).then_some(value),
        "linkpath" => into.linkpath = (!empty).then_some(value),
        "uname" => into.uname = (!empty).then_some(value),
        "gname" => into.gname = (!empty).then_some(value),
        "size" if !empty => into.size = Some(number(&value)?),
        "uid" if !empty => into.uid = Some(number(&value)?),
        "gid" if !empty => into.gid = Some(number(&value)?),
        "mtime" if !empty => {
            into.mtime =
                Some(seconds(&value).ok_or_else(|| format!("mtime={value:?} is not a time"))?)
        }
        "GNU.sparse.realsize" | "GNU.sparse.size" => {
            into.sparse = true;
            into.sparse_realsize = Some(number(&value)?);
        }
        "GNU.sparse.name" => {
            into.sparse = true;
            into.sparse_name = (!empty).then_some(value);
        }
        k if k.starts_with("GNU.sparse.") => into.sparse = true,
        // Other keys (atime, ctime, charset, SCHILY.xattr.*, LIBARCHIVE.*, …) are not listed.
        _ => {}
    }
    Ok(())
}

/// Whole seconds of a PAX time (`1700000000`, `1700000000.25`, `-1.5`), rounded toward
/// negative infinity as the format defines.
fn seconds(value: &str) -> Option<i64> {
    let (whole, fraction) = match value.split_once('.') {
        Some((w, f)) => (w, f),
        None => (value, ""),
    };
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = whole.parse().ok()?;
    let has_fraction = fraction.bytes().any(|b| b != b'0');
    if whole.starts_with('-') && has_fraction {
        secs.checked_sub(1)
    } else {
        Some(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str, value: &str) -> Vec<u8> {
        let body = format!(" {key}={value}\n");
        let mut len = body.len() + 1;
        while format!("{len}{body}").len() != len {
            len += 1;
        }
        format!("{len}{body}").into_bytes()
    }

    #[test]
    fn records_set_their_values() {
        let mut data = Vec::new();
        for (k, v) in [
            ("path", "a/very/long/name"),
            ("linkpath", "target"),
            ("size", "1234"),
            ("uid", "1000"),
            ("gid", "100"),
            ("uname", "ünïcode"),
            ("gname", "staff"),
            ("mtime", "1700000000.5"),
            ("SCHILY.xattr.user.x", "y"),
        ] {
            data.extend(record(k, v));
        }
        data.extend([0u8; 7]);
        let mut values = PaxValues::default();
        parse_records(&data, &mut values, 0).unwrap();
        assert_eq!(values.path.as_deref(), Some("a/very/long/name"));
        assert_eq!(values.linkpath.as_deref(), Some("target"));
        assert_eq!(values.size, Some(1234));
        assert_eq!((values.uid, values.gid), (Some(1000), Some(100)));
        assert_eq!(values.uname.as_deref(), Some("ünïcode"));
        assert_eq!(values.gname.as_deref(), Some("staff"));
        assert_eq!(values.mtime, Some(1_700_000_000));
        assert!(!values.sparse);
    }

    #[test]
    fn times_round_down() {
        assert_eq!(seconds("-1.5"), Some(-2));
        assert_eq!(seconds("-1.0"), Some(-1));
        assert_eq!(seconds("12"), Some(12));
        assert_eq!(seconds("1.x"), None);
    }

    #[test]
    fn malformed_records_are_errors() {
        for data in [
            &b"5 a=b"[..],
            b"abc path=x\n",
            b"99 path=x\n",
            b"9 pathx\n\n",
            b"10 size=x\n",
        ] {
            let err = parse_records(data, &mut PaxValues::default(), 512).unwrap_err();
            assert!(
                matches!(err, LayerError::BadPaxRecord { offset: 512, .. }),
                "{data:?}: {err:?}"
            );
        }
    }
}
