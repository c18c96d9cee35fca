//! What every LDAP backend shares: connections (servers tried in order, LDAPS or StartTLS
//! with the configured CA), timeouts, the service account's bind, paged searches, and
//! attribute reading. Each operation opens its own connection, binds, acts and unbinds: a
//! kiosk changes a few passwords an hour, and a fresh connection never carries a half-dead
//! socket or another person's bind.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use ldap3::adapters::{Adapter, EntriesOnly, PagedResults};
use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, ResultEntry, Scope, SearchEntry};

use super::DirectoryError;
use crate::config::DirectorySettings;
use crate::domain::directory::{DirectoryUser, map_category};
use crate::domain::lockout::DirectoryLockout;

/// Entries per page of a roster search.
const PAGE: i32 = 200;

/// How long the directory's lockout is trusted before it is read again: it is asked for
/// at every wrong password, and a domain's policy changes rarely.
const THRESHOLD_TTL: Duration = Duration::from_secs(300);

pub(crate) struct Conn {
    pub settings: DirectorySettings,
    tls: Option<Arc<rustls::ClientConfig>>,
    /// The last lockout read, and when.
    lockout: Mutex<Option<(Instant, Option<DirectoryLockout>)>>,
}

pub(crate) fn unavailable(e: impl std::fmt::Display) -> DirectoryError {
    DirectoryError::Unavailable(e.to_string())
}

/// The first value of an attribute, its name matched without case.
pub(crate) fn first<'a>(attrs: &'a HashMap<String, Vec<String>>, name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.first())
        .map(String::as_str)
}

pub(crate) fn all(attrs: &HashMap<String, Vec<String>>, name: &str) -> Vec<String> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

impl Conn {
    pub fn new(settings: DirectorySettings) -> Result<Self, DirectoryError> {
        // rustls needs one process-wide provider when no CA file names the roots.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let tls = if settings.ca_file.as_os_str().is_empty() {
            None
        } else {
            Some(Arc::new(tls_config(&settings.ca_file)?))
        };
        Ok(Self {
            settings,
            tls,
            lockout: Mutex::new(None),
        })
    }

    /// The person's fields every backend reads the same way (policy and the backend's own
    /// state fields left at their defaults).
    pub fn person(&self, entry: &SearchEntry) -> DirectoryUser {
        let s = &self.settings;
        let a = &entry.attrs;
        let groups = all(a, &s.member_of_attribute);
        DirectoryUser {
            category: map_category(&entry.dn, &groups, &s.categories),
            username: first(a, &s.username_attribute).unwrap_or("").to_string(),
            display_name: first(a, &s.display_name_attribute)
                .unwrap_or("")
                .to_string(),
            mail: first(a, &s.mail_attribute).map(str::to_string),
            mobile: first(a, &s.mobile_attribute).map(str::to_string),
            language: Some(s.language_attribute.as_str())
                .filter(|name| !name.is_empty())
                .map(|name| first(a, name).unwrap_or("").to_string()),
            groups,
            dn: entry.dn.clone(),
            ..Default::default()
        }
    }

    /// The directory's lockout, read by `read` at most once per THRESHOLD_TTL; when a
    /// read fails the last known value stands (the kiosk's own limits if none).
    pub async fn lockout<F>(&self, read: F) -> Result<Option<DirectoryLockout>, DirectoryError>
    where
        F: Future<Output = Result<Option<DirectoryLockout>, DirectoryError>>,
    {
        let cached = *self.lockout.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((at, t)) = cached
            && at.elapsed() < THRESHOLD_TTL
        {
            return Ok(t);
        }
        match read.await {
            Ok(t) => {
                *self.lockout.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some((Instant::now(), t));
                Ok(t)
            }
            Err(e) => match cached {
                Some((_, t)) => {
                    tracing::warn!(error = %e, "directory lockout policy not read; last known kept");
                    Ok(t)
                }
                None => Err(e),
            },
        }
    }

    /// The person's attributes every backend reads (names from the settings), followed by
    /// the backend's own.
    pub fn attributes<'a>(&'a self, own: &[&'a str]) -> Vec<&'a str> {
        let s = &self.settings;
        let mut names = vec![
            s.username_attribute.as_str(),
            s.display_name_attribute.as_str(),
            s.mail_attribute.as_str(),
            s.mobile_attribute.as_str(),
            s.member_of_attribute.as_str(),
        ];
        if !s.language_attribute.is_empty() {
            names.push(s.language_attribute.as_str());
        }
        names.extend_from_slice(own);
        names
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.settings.timeout_secs.max(1))
    }

    /// A connection to the first server that answers.
    pub async fn connect(&self) -> Result<Ldap, DirectoryError> {
        let mut last = DirectoryError::Unavailable("no server configured".into());
        for url in &self.settings.urls {
            let mut conn = LdapConnSettings::new()
                .set_conn_timeout(self.timeout())
                .set_starttls(self.settings.starttls && url.starts_with("ldap://"));
            if let Some(tls) = &self.tls {
                conn = conn.set_config(tls.clone());
            }
            match tokio::time::timeout(self.timeout(), LdapConnAsync::with_settings(conn, url))
                .await
            {
                Ok(Ok((conn, ldap))) => {
                    tokio::spawn(async move {
                        if let Err(e) = conn.drive().await {
                            tracing::debug!(error = %e, "directory connection ended");
                        }
                    });
                    return Ok(ldap);
                }
                Ok(Err(e)) => last = unavailable(format!("{url}: {e}")),
                Err(_) => last = unavailable(format!("{url}: timed out")),
            }
        }
        Err(last)
    }

    /// Runs `op` within the timeout.
    pub async fn timed<T>(
        &self,
        op: impl Future<Output = Result<T, ldap3::LdapError>>,
    ) -> Result<T, DirectoryError> {
        match tokio::time::timeout(self.timeout(), op).await {
            Ok(r) => r.map_err(unavailable),
            Err(_) => Err(unavailable("operation timed out")),
        }
    }

    /// A connection bound as the service account.
    pub async fn service(&self) -> Result<Ldap, DirectoryError> {
        let mut ldap = self.connect().await?;
        let s = &self.settings;
        let r = self
            .timed(ldap.simple_bind(&s.bind_dn, &s.bind_password))
            .await?;
        if r.rc != 0 {
            // A service account that cannot bind is an outage for the kiosk.
            return Err(unavailable(format!(
                "service account bind: {} {}",
                r.rc, r.text
            )));
        }
        Ok(ldap)
    }

    pub async fn finish(&self, mut ldap: Ldap) {
        let _ = tokio::time::timeout(self.timeout(), ldap.unbind()).await;
    }

    /// Every entry `filter` matches under the base, in pages: a school has more people
    /// than a server hands out in one answer (OpenLDAP's default size limit is 500,
    /// Active Directory's MaxPageSize 1000).
    pub async fn paged_search(
        &self,
        ldap: &mut Ldap,
        filter: &str,
        attrs: Vec<&str>,
    ) -> Result<Vec<ResultEntry>, DirectoryError> {
        let base = self.settings.base_dn.clone();
        self.paged_search_under(ldap, &base, filter, attrs).await
    }

    /// [`Conn::paged_search`] under another base.
    pub async fn paged_search_under(
        &self,
        ldap: &mut Ldap,
        base: &str,
        filter: &str,
        attrs: Vec<&str>,
    ) -> Result<Vec<ResultEntry>, DirectoryError> {
        let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![
            Box::new(EntriesOnly::new()),
            Box::new(PagedResults::new(PAGE)),
        ];
        let mut search = self
            .timed(ldap.streaming_search_with(adapters, base, Scope::Subtree, filter, attrs))
            .await?;
        let mut entries = Vec::new();
        while let Some(entry) = self.timed(search.next()).await? {
            entries.push(entry);
        }
        search.finish().await.success().map_err(unavailable)?;
        Ok(entries)
    }
}

fn tls_config(ca_file: &std::path::Path) -> Result<rustls::ClientConfig, DirectoryError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let setup = |e: &dyn std::fmt::Display| {
        DirectoryError::Setup(format!("directory.ca_file {}: {e}", ca_file.display()))
    };
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(ca_file).map_err(|e| setup(&e))?;
    for cert in certs {
        roots
            .add(cert.map_err(|e| setup(&e))?)
            .map_err(|e| setup(&e))?;
    }
    if roots.is_empty() {
        return Err(setup(&"no certificate in the file"));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| setup(&e))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
