//! What `check-config` hides and warns about: credentials in the effective
//! configuration, in URLs and request bodies, and a credentials file others can read.

use std::path::Path;

/// The keys of a configuration file that hold credentials (what `check-config` redacts), in
/// file order. A file that cannot be read or parsed holds none as far as this is concerned.
pub fn credential_keys(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    redact_tree("", &mut toml::Value::Table(table), &mut found);
    found
}

/// One line when `path` holds credentials and others, or a group other than the kiosk
/// service's own (`kiosk`, as systemd/kiosk@.service installs it), may read it.
#[cfg(unix)]
pub fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    let mode = meta.mode() & 0o777;
    let group = group_name(meta.gid());
    let others = mode & 0o004 != 0;
    let by_group = mode & 0o040 != 0 && group.as_deref() != Some("kiosk");
    if !others && !by_group {
        return None;
    }
    let keys = credential_keys(path);
    if keys.is_empty() {
        return None;
    }
    let who = match (by_group, others) {
        (true, true) => "by group and others".to_string(),
        (true, false) => format!(
            "by group {}",
            group.unwrap_or_else(|| meta.gid().to_string())
        ),
        _ => "by others".to_string(),
    };
    Some(format!(
        "{} holds credentials ({}) and is readable {who} (mode {mode:o}): chmod 600 it, or 640 \
         with group kiosk",
        path.display(),
        keys.join(", ")
    ))
}

#[cfg(not(unix))]
pub fn permission_warning(_path: &Path) -> Option<String> {
    None
}

/// The name of a group id, from /etc/group.
#[cfg(unix)]
pub(super) fn group_name(gid: u32) -> Option<String> {
    let groups = std::fs::read_to_string("/etc/group").ok()?;
    groups.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?;
        (id.parse::<u32>().ok()? == gid).then(|| name.to_string())
    })
}

/// Whether a key or parameter name looks like it holds a secret (`password`, `api_key`,
/// `auth_token`, `X-Api-Key`, `sslpassword`, `client_secret`, `sig` ...).
pub fn looks_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    // A client certificate's file names the kiosk's credential like a key file does.
    const PARTS: [&str; 9] = [
        "certificate",
        "password",
        "passwd",
        "secret",
        "token",
        "apikey",
        "credential",
        "signature",
        "passphrase",
    ];
    const WORDS: [&str; 7] = ["key", "pass", "pwd", "pw", "auth", "sig", "authorization"];
    PARTS.iter().any(|p| n.contains(p))
        || n.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| WORDS.contains(&w))
}

const HIDDEN: &str = "***";

/// Redacts every secret below `prefix` in place, pushing the dotted key of each value that
/// changed onto `found`.
pub(super) fn redact_tree(prefix: &str, value: &mut toml::Value, found: &mut Vec<String>) {
    let name = prefix.rsplit('.').next().unwrap_or(prefix);
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table.iter_mut() {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                redact_tree(&key, v, found);
            }
        }
        toml::Value::String(s) => {
            let redacted = if looks_secret(name) {
                if s.is_empty() {
                    s.clone()
                } else {
                    HIDDEN.to_string()
                }
            } else if name == "url" || name == "base_url" {
                redact_url(s)
            } else if name == "body" {
                redact_body(s)
            } else {
                s.clone()
            };
            if redacted != *s {
                found.push(prefix.to_string());
                *s = redacted;
            }
        }
        toml::Value::Array(items) => {
            let mut changed = false;
            for item in items.iter_mut() {
                let toml::Value::String(s) = item else {
                    continue;
                };
                if name == "headers" {
                    // Header values are often API keys: every value is hidden, and a
                    // secret-looking header counts as a credential.
                    if let Some((header, v)) = s.split_once(':')
                        && !v.trim().is_empty()
                    {
                        changed |= looks_secret(header.trim());
                        *s = format!("{header}: {HIDDEN}");
                    }
                } else if looks_secret(name) && !s.is_empty() {
                    changed = true;
                    *s = HIDDEN.to_string();
                }
            }
            if changed {
                found.push(prefix.to_string());
            }
        }
        _ => {}
    }
}

/// Hides the password in `scheme://user:password@host` and the values of secret-looking
/// query parameters (`?password=…`, `&api_key=…`, `&token=…`).
pub fn redact_url(url: &str) -> String {
    let (head, fragment) = match url.split_once('#') {
        Some((h, f)) => (h, Some(f)),
        None => (url, None),
    };
    let (base, query) = match head.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (head, None),
    };
    let mut out = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            match authority.rsplit_once('@') {
                Some((userinfo, host)) => match userinfo.split_once(':') {
                    Some((user, _)) => format!("{scheme}://{user}:{HIDDEN}@{host}{path}"),
                    None => base.to_string(),
                },
                None => base.to_string(),
            }
        }
        None => base.to_string(),
    };
    if let Some(q) = query {
        out.push('?');
        out.push_str(&redact_pairs(q));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&redact_pairs(f));
    }
    out
}

/// `a=1&api_key=x` → `a=1&api_key=***`.
fn redact_pairs(pairs: &str) -> String {
    pairs
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !v.is_empty() && looks_secret(&decode_name(k)) => {
                format!("{k}={HIDDEN}")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A parameter name with `+` and `%XX` decoded, enough to recognise `api%5Fkey`.
fn decode_name(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'%'));
                i += 2;
            }
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Hides secrets in an `sms.http.body` template: secret-looking fields of a JSON body at
/// any depth, secret-looking parameters of a form body. A body that is neither but mentions
/// a secret-looking word is hidden whole.
fn redact_body(body: &str) -> String {
    if let Ok(mut json) = serde_json::from_str::<serde_json::Value>(body) {
        fn walk(v: &mut serde_json::Value) -> bool {
            let mut changed = false;
            match v {
                serde_json::Value::Object(map) => {
                    for (k, child) in map.iter_mut() {
                        let secret = looks_secret(k)
                            && !matches!(child, serde_json::Value::Null)
                            && child.as_str() != Some("");
                        if secret && !child.is_object() && !child.is_array() {
                            *child = serde_json::Value::String(HIDDEN.into());
                            changed = true;
                        } else {
                            changed |= walk(child);
                        }
                    }
                }
                serde_json::Value::Array(items) => {
                    for item in items {
                        changed |= walk(item);
                    }
                }
                _ => {}
            }
            changed
        }
        if !walk(&mut json) {
            return body.to_string();
        }
        return serde_json::to_string(&json).unwrap_or_else(|_| HIDDEN.to_string());
    }
    let trimmed = body.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') || trimmed.starts_with('<') {
        // A template that is not valid JSON as written (an unquoted placeholder) or XML.
        let lower = body.to_ascii_lowercase();
        let mentions = ["pass", "secret", "token", "key", "auth", "sig"]
            .iter()
            .any(|w| lower.contains(w));
        return if mentions {
            HIDDEN.to_string()
        } else {
            body.to_string()
        };
    }
    redact_pairs(body)
}
