//! Tar archives with full control over every entry: type, mode, owners (numeric and named),
//! links, and how a long name is stored (PAX `path` record or GNU `././@LongLink`).
//!
//! Headers are encoded with the `tar` crate's `Header` fields and written raw with
//! `Builder::append`, so entries come out exactly in the order given and names are stored as
//! given (`../`, absolute): the hostile images need both. Long-name rules: POSIX.1-2001 pax
//! extended headers (typeflag `x`, records `"LEN key=value\n"`) and GNU tar's `L` entries.

use anyhow::{Context, Result, bail};

/// Fixed mtime of the Files images' entries: 2024-01-01T00:00:00Z.
pub const MTIME: u64 = 1_704_067_200;

/// Length of the name and link-name fields of a tar header.
const NAME_FIELD: usize = 100;

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A regular file with its content.
    File(Vec<u8>),
    /// A directory.
    Dir,
    /// A symbolic link to this target (stored as given).
    Symlink(String),
    /// A hard link to this earlier member.
    Hardlink(String),
}

/// Who owns an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// Numeric user id.
    pub uid: u64,
    /// Numeric group id.
    pub gid: u64,
    /// User name (`uname`), empty for numeric-only owners.
    pub uname: &'static str,
    /// Group name (`gname`), empty for numeric-only owners.
    pub gname: &'static str,
}

/// `root:root` (0:0).
pub const ROOT: Owner = Owner {
    uid: 0,
    gid: 0,
    uname: "root",
    gname: "root",
};

/// How the member name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameForm {
    /// In the ustar name field (100 bytes at most, else an error).
    Ustar,
    /// In a pax extended header's `path` record; the ustar field holds a truncated name.
    Pax,
    /// In a GNU `././@LongLink` entry of type `L`; the header holds a truncated name.
    Gnu,
}

/// One member of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Member name as stored (directories end with `/`).
    pub path: String,
    /// Type and payload.
    pub kind: Kind,
    /// Permission bits, including setuid/setgid/sticky.
    pub mode: u32,
    /// Owner.
    pub owner: Owner,
    /// How the name is written.
    pub name_form: NameForm,
}

impl Entry {
    /// A root-owned 0644 file.
    pub fn file(path: &str, content: impl Into<Vec<u8>>) -> Self {
        Self::new(path, Kind::File(content.into()), 0o644)
    }

    /// A root-owned 0755 directory (`/` appended when missing).
    pub fn dir(path: &str) -> Self {
        let path = if path.ends_with('/') {
            path.to_owned()
        } else {
            format!("{path}/")
        };
        Self::new(&path, Kind::Dir, 0o755)
    }

    /// A root-owned symlink.
    pub fn symlink(path: &str, target: &str) -> Self {
        Self::new(path, Kind::Symlink(target.to_owned()), 0o777)
    }

    /// A root-owned hard link to `target`.
    pub fn hardlink(path: &str, target: &str) -> Self {
        Self::new(path, Kind::Hardlink(target.to_owned()), 0o644)
    }

    fn new(path: &str, kind: Kind, mode: u32) -> Self {
        Self {
            path: path.to_owned(),
            kind,
            mode,
            owner: ROOT,
            name_form: NameForm::Ustar,
        }
    }

    /// The same entry with `mode`.
    pub fn mode(mut self, mode: u32) -> Self {
        self.mode = mode;
        self
    }

    /// The same entry with `owner`.
    pub fn owner(mut self, owner: Owner) -> Self {
        self.owner = owner;
        self
    }

    /// The same entry with its name written as `form`.
    pub fn name_form(mut self, form: NameForm) -> Self {
        self.name_form = form;
        self
    }
}

/// Writes `entries` in the given order, then the two zero blocks that end an archive.
pub fn archive(entries: &[Entry]) -> Result<Vec<u8>> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        append(&mut builder, entry).with_context(|| format!("tar member {:?}", entry.path))?;
    }
    builder.into_inner().context("finishing a tar archive")
}

/// Adds missing parent directories (0755, root) and sorts by name, as an image builder's
/// directory walk would.
pub fn with_parents(entries: Vec<Entry>) -> Vec<Entry> {
    let mut by_path: std::collections::BTreeMap<String, Entry> = std::collections::BTreeMap::new();
    for entry in entries {
        let mut parent = String::new();
        let segments: Vec<&str> = entry.path.trim_end_matches('/').split('/').collect();
        if let Some((_, dirs)) = segments.split_last() {
            for dir in dirs {
                parent.push_str(dir);
                parent.push('/');
                by_path
                    .entry(parent.clone())
                    .or_insert_with(|| Entry::dir(&parent));
            }
        }
        by_path.insert(entry.path.clone(), entry);
    }
    by_path.into_values().collect()
}

/// Appends one member (and the pax or GNU entry its name needs).
fn append(builder: &mut tar::Builder<Vec<u8>>, entry: &Entry) -> Result<()> {
    let name = entry.path.as_bytes();
    let mut header = match entry.name_form {
        NameForm::Gnu => tar::Header::new_gnu(),
        NameForm::Ustar | NameForm::Pax => tar::Header::new_ustar(),
    };
    match entry.name_form {
        NameForm::Ustar if name.len() > NAME_FIELD => {
            bail!("name longer than {NAME_FIELD} bytes needs a pax or GNU long name")
        }
        NameForm::Ustar => {}
        NameForm::Pax => {
            let records = pax_records(&[("path", &entry.path)]);
            let mut pax = meta_header(b'x', "PaxHeaders/long-name", records.len());
            pax.set_cksum();
            builder.append(&pax, records.as_slice())?;
        }
        NameForm::Gnu => {
            let mut data = name.to_vec();
            data.push(0);
            let mut long = tar::Header::new_gnu();
            set_name(&mut long, b"././@LongLink");
            long.set_entry_type(tar::EntryType::GNULongName);
            long.set_mode(0o644);
            long.set_mtime(0);
            long.set_size(len64(data.len()));
            long.set_cksum();
            builder.append(&long, data.as_slice())?;
        }
    }
    set_name(&mut header, &name[..name.len().min(NAME_FIELD)]);
    header.set_mode(entry.mode);
    header.set_uid(entry.owner.uid);
    header.set_gid(entry.owner.gid);
    header.set_username(entry.owner.uname)?;
    header.set_groupname(entry.owner.gname)?;
    header.set_mtime(MTIME);
    let data: &[u8] = match &entry.kind {
        Kind::File(bytes) => {
            header.set_entry_type(tar::EntryType::Regular);
            bytes
        }
        Kind::Dir => {
            header.set_entry_type(tar::EntryType::Directory);
            &[]
        }
        Kind::Symlink(target) | Kind::Hardlink(target) => {
            header.set_entry_type(if matches!(entry.kind, Kind::Symlink(_)) {
                tar::EntryType::Symlink
            } else {
                tar::EntryType::Link
            });
            if target.len() > NAME_FIELD {
                bail!("link target longer than {NAME_FIELD} bytes");
            }
            header.as_old_mut().linkname[..target.len()].copy_from_slice(target.as_bytes());
            &[]
        }
    };
    header.set_size(len64(data.len()));
    header.set_cksum();
    builder.append(&header, data)?;
    Ok(())
}

/// A header for a metadata entry (pax `x`/`g`) of `size` bytes.
pub fn meta_header(typeflag: u8, name: &str, size: usize) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    set_name(&mut header, name.as_bytes());
    header.set_entry_type(tar::EntryType::new(typeflag));
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_size(len64(size));
    header
}

/// Writes `name` into the header's name field as is (no validation, no prefix split).
pub fn set_name(header: &mut tar::Header, name: &[u8]) {
    let field = &mut header.as_old_mut().name;
    field.fill(0);
    let n = name.len().min(NAME_FIELD);
    field[..n].copy_from_slice(&name[..n]);
}

/// pax records `"LEN key=value\n"`, where LEN counts the whole record including itself.
pub fn pax_records(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (key, value) in pairs {
        let body = format!(" {key}={value}\n");
        let mut len = body.len() + 1;
        while len.to_string().len() + body.len() != len {
            len += 1;
        }
        out.extend_from_slice(format!("{len}{body}").as_bytes());
    }
    out
}

/// `usize` as `u64` (lossless on every supported target).
pub fn len64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(tar: &[u8]) -> Vec<(String, tar::EntryType, u32)> {
        let mut archive = tar::Archive::new(tar);
        archive
            .entries()
            .expect("entries")
            .map(|e| {
                let e = e.expect("entry");
                let path = String::from_utf8_lossy(&e.path_bytes()).into_owned();
                (
                    path,
                    e.header().entry_type(),
                    e.header().mode().expect("mode"),
                )
            })
            .collect()
    }

    #[test]
    fn pax_record_lengths_count_themselves() {
        assert_eq!(pax_records(&[("path", "a")]), b"9 path=a\n");
        let long = "x".repeat(95);
        let record = pax_records(&[("path", &long)]);
        let text = String::from_utf8(record.clone()).expect("utf8");
        let (len, _) = text.split_once(' ').expect("space");
        assert_eq!(len.parse::<usize>().expect("len"), record.len());
    }

    #[test]
    fn long_names_read_back_whole_in_both_forms() {
        let long = format!("usr/share/{}/end.txt", "deep-directory-name/".repeat(6));
        assert!(long.len() > 100);
        let tar = archive(&[
            Entry::file(&long, "pax").name_form(NameForm::Pax),
            Entry::file(&format!("{long}.gnu"), "gnu").name_form(NameForm::Gnu),
            Entry::symlink("link", "../target").mode(0o777),
            Entry::file("bin/su", "x").mode(0o4755),
        ])
        .expect("tar");
        let names = listing(&tar);
        assert_eq!(names[0].0, long);
        assert_eq!(names[1].0, format!("{long}.gnu"));
        assert_eq!(names[2].1, tar::EntryType::Symlink);
        assert_eq!(names[3].2, 0o4755);
    }

    #[test]
    fn a_long_ustar_name_is_refused() {
        let long = "a".repeat(101);
        assert!(archive(&[Entry::file(&long, "x")]).is_err());
    }

    #[test]
    fn parents_are_added_and_sorted() {
        let entries = with_parents(vec![Entry::file("b/c/d", "1"), Entry::file("a", "2")]);
        let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a", "b/", "b/c/", "b/c/d"]);
    }
}
