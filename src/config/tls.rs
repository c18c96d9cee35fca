//! `check-config`'s warning about a PostgreSQL connection that crosses the network without
//! a verified TLS certificate.

use std::net::IpAddr;

/// One line when `url` is PostgreSQL on another machine and `sslmode` is not `verify-full`
/// (anything less lets whoever sits on the network read or rewrite the traffic, or pose as
/// the server). None for SQLite, loopback hosts and Unix sockets.
pub fn postgres_tls_warning(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))?;
    let (authority, query) = match rest.split_once('?') {
        Some((before, query)) => (before.split('/').next().unwrap_or(before), query),
        None => (rest.split('/').next().unwrap_or(rest), ""),
    };
    let param = |name: &str| {
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then_some(v)
        })
    };
    let sslmode = param("sslmode").or_else(|| param("ssl-mode"));
    if sslmode == Some("verify-full") {
        return None;
    }
    let hosts = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let remote: Vec<&str> = match param("host") {
        Some(host) => vec![host],
        None => hosts.split(',').map(without_port).collect(),
    }
    .into_iter()
    .filter(|h| !is_local(h))
    .collect();
    let host = remote.first()?;
    Some(format!(
        "database.url: PostgreSQL at {host} is not on this machine and sslmode is {} (not \
         verify-full): password hashes and audit rows cross the network unverified; add \
         ?sslmode=verify-full&sslrootcert=PATH-OF-THE-CA-CERTIFICATE",
        sslmode.unwrap_or("prefer (the default)")
    ))
}

fn without_port(host: &str) -> &str {
    if let Some(v6) = host.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// Loopback names and addresses, and Unix socket folders (`/run/postgresql`, `%2Frun…`).
fn is_local(host: &str) -> bool {
    host.is_empty()
        || host.eq_ignore_ascii_case("localhost")
        || host.starts_with('/')
        || host.to_ascii_lowercase().starts_with("%2f")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::postgres_tls_warning as warn;

    #[test]
    fn remote_hosts_without_verify_full_are_warned_about() {
        for url in [
            "postgres://kiosk@db.school.example/kiosk",
            "postgres://kiosk:pw@10.0.0.5:5433/kiosk?sslmode=require",
            "postgresql://db.school.example/kiosk?sslmode=verify-ca&sslrootcert=/etc/ca.pem",
            "postgres://localhost,db2.example/kiosk",
            "postgres://[2001:db8::1]:5432/kiosk?sslmode=prefer",
            "postgres:///kiosk?host=db.school.example",
        ] {
            let line = warn(url).unwrap_or_else(|| panic!("no warning for {url}"));
            assert!(line.contains("verify-full"), "{line}");
            assert!(!line.contains('\n'));
        }
        assert!(
            warn("postgres://kiosk:pw@10.0.0.5/kiosk")
                .unwrap()
                .contains("10.0.0.5")
        );
        assert!(
            !warn("postgres://kiosk:pw@10.0.0.5/kiosk")
                .unwrap()
                .contains("pw")
        );
    }

    #[test]
    fn verified_local_and_sqlite_are_not() {
        for url in [
            "postgres://kiosk@db.school.example/kiosk?sslmode=verify-full&sslrootcert=/ca.pem",
            "postgres://postgres@127.0.0.1:5432/postgres",
            "postgres://kiosk@localhost/kiosk",
            "postgres://kiosk@[::1]:5432/kiosk",
            "postgres:///kiosk?host=/run/postgresql",
            "postgres:///kiosk?host=%2Frun%2Fpostgresql",
            "sqlite://var/kiosk.db",
        ] {
            assert_eq!(warn(url), None, "{url}");
        }
    }
}
