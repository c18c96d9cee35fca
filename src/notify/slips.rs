//! Printable slips for temporary passwords: one PDF, one A4 page per person, in that
//! person's language. krilla draws the text with an embedded DejaVu Sans (cut to Latin, see
//! assets/fonts/LICENSE-DejaVu.txt), so å ä ö à è ì ò ù print and copy out as typed. The
//! password is in the PDF and nowhere else: the file is created new, 0600.

use std::io::Write;
use std::path::Path;

use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};

use crate::config::SupportSettings;
use crate::domain::lang::Lang;
use crate::domain::secret::Secret;
use crate::i18n::{Arg, format_date_in, t, t_args};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 64.0;
/// Characters per body line at 11 pt: DejaVu Sans averages about 0.55 em a character, so
/// 76 fit the 467 pt between the margins with room to spare.
const LINE_CHARS: usize = 76;

/// One person's slip.
pub struct Slip {
    pub lang: Lang,
    pub display_name: String,
    pub username: String,
    pub password: Secret,
    pub uses: u32,
    /// When the temporary password stops working (epoch seconds).
    pub expires_at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum SlipError {
    #[error("the slips file {path} already exists: choose a new name (it is never overwritten)")]
    Exists { path: String },
    #[error("cannot write the slips file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot make the slips PDF: {0}")]
    Pdf(String),
    /// The print command did not take the slip: why, in a few words (no password).
    #[error("the print command failed: {0}")]
    Print(String),
}

impl SlipError {
    /// Why a slip did not print, short enough for an audit row.
    pub fn print_failure(&self) -> String {
        match self {
            SlipError::Print(why) => why.clone(),
            other => other.to_string(),
        }
    }
}

/// The file the slips go to, created new (never over an existing one) with mode 0600
/// before any password is made, so a wrong path costs no one a password.
pub struct SlipsFile {
    file: std::fs::File,
    path: std::path::PathBuf,
    written: bool,
}

impl SlipsFile {
    pub fn create(path: &Path) -> Result<Self, SlipError> {
        let shown = path.display().to_string();
        match crate::private_fs::create_new(path) {
            Ok(file) => Ok(Self {
                file,
                path: path.to_path_buf(),
                written: false,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(SlipError::Exists { path: shown })
            }
            Err(source) => Err(SlipError::Io {
                path: shown,
                source,
            }),
        }
    }

    /// Draws the slips and writes them; on any failure the file is removed.
    pub fn write(
        mut self,
        school: &str,
        support: &SupportSettings,
        slips: &[Slip],
    ) -> Result<(), SlipError> {
        let pdf = render(school, support, slips)?;
        let path = self.path.display().to_string();
        self.file
            .write_all(&pdf)
            .and_then(|()| self.file.sync_all())
            .map_err(|source| SlipError::Io { path, source })?;
        self.written = true;
        Ok(())
    }
}

impl Drop for SlipsFile {
    fn drop(&mut self) {
        if !self.written {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// How long a print command may take before the slip counts as not printed: the staff
/// screen waits for it, so a hung printer must not hold the desk for long.
pub const PRINT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Prints one slip: its PDF goes to `command` (run by `sh -c`, e.g. `lp` or
/// `lp -d office`) on standard input, never through a file. An error when the command
/// cannot start, fails, or takes longer than [`PRINT_TIMEOUT`] (it is then killed).
pub async fn print(
    command: &str,
    school: &str,
    support: &SupportSettings,
    slip: Slip,
) -> Result<(), SlipError> {
    print_within(command, school, support, slip, PRINT_TIMEOUT).await
}

/// [`print`] with a time limit of `limit`.
pub async fn print_within(
    command: &str,
    school: &str,
    support: &SupportSettings,
    slip: Slip,
    limit: std::time::Duration,
) -> Result<(), SlipError> {
    use tokio::io::AsyncWriteExt;
    let (school, support) = (school.to_string(), support.clone());
    let pdf = tokio::task::spawn_blocking(move || render(&school, &support, &[slip]))
        .await
        .map_err(|e| SlipError::Pdf(e.to_string()))??;
    let failed = |why: String| SlipError::Print(why);
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        // Its own process group, so a timeout ends the command's children too.
        .process_group(0)
        .spawn()
        .map_err(|e| failed(format!("could not start sh: {e}")))?;
    let group = child.id();
    let run = async {
        if let Some(mut stdin) = child.stdin.take() {
            // A printer that stops reading early has still had its say in the exit code.
            let _ = stdin.write_all(&pdf).await;
            let _ = stdin.shutdown().await;
        }
        child.wait().await
    };
    let status = match tokio::time::timeout(limit, run).await {
        Ok(status) => status.map_err(|e| failed(format!("could not wait for it: {e}")))?,
        Err(_) => {
            if let Some(pid) = group.and_then(|p| i32::try_from(p).ok()) {
                let _ = nix::sys::signal::killpg(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            return Err(failed(format!("no answer within {} s", limit.as_secs())));
        }
    };
    match status.code() {
        Some(0) => Ok(()),
        Some(127) => Err(failed("command not found (exit code 127)".into())),
        Some(code) => Err(failed(format!("exit code {code}"))),
        None => Err(failed("killed by a signal".into())),
    }
}

/// The whole document: one page per slip.
pub fn render(
    school: &str,
    support: &SupportSettings,
    slips: &[Slip],
) -> Result<Vec<u8>, SlipError> {
    let font = |data: &'static [u8]| {
        Font::new(data.to_vec().into(), 0).ok_or_else(|| SlipError::Pdf("bad font".into()))
    };
    let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
    let settings = PageSettings::from_wh(PAGE.0, PAGE.1)
        .ok_or_else(|| SlipError::Pdf("bad page size".into()))?;
    let mut document = Document::new();
    for slip in slips {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut y = MARGIN;
        for line in lines(school, support, slip) {
            let (font, size, gap) = match line.style {
                Style::Heading => (bold.clone(), 18.0, 30.0),
                Style::Strong => (bold.clone(), 13.0, 20.0),
                Style::Secret => (bold.clone(), 20.0, 32.0),
                Style::Body => (regular.clone(), 11.0, 16.0),
                Style::Space => {
                    y += 10.0;
                    continue;
                }
            };
            y += gap;
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                font,
                size,
                &line.text,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| SlipError::Pdf(format!("{e:?}")))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Heading,
    Strong,
    Secret,
    Body,
    Space,
}

struct Line {
    style: Style,
    text: String,
}

/// The slip's lines, top to bottom, in the person's language.
fn lines(school: &str, support: &SupportSettings, slip: &Slip) -> Vec<Line> {
    let lang = slip.lang;
    let mut out = Vec::new();
    let mut push = |style: Style, text: String| {
        if style == Style::Body {
            for part in wrap(&text, LINE_CHARS) {
                out.push(Line { style, text: part });
            }
        } else {
            out.push(Line { style, text });
        }
    };
    push(Style::Heading, school.to_string());
    push(Style::Strong, t(lang, "slip-title"));
    push(Style::Space, String::new());
    push(
        Style::Body,
        t_args(lang, "slip-name", &[("name", Arg::Str(&slip.display_name))]),
    );
    push(
        Style::Body,
        t_args(
            lang,
            "slip-username",
            &[("username", Arg::Str(&slip.username))],
        ),
    );
    push(Style::Body, t(lang, "slip-password"));
    push(Style::Secret, slip.password.expose().to_string());
    let date = format_date_in(lang, slip.expires_at);
    push(
        Style::Body,
        t_args(
            lang,
            "slip-valid",
            &[("uses", Arg::from(slip.uses)), ("date", Arg::Str(&date))],
        ),
    );
    push(Style::Space, String::new());
    push(Style::Strong, t(lang, "slip-steps-title"));
    let method = t(lang, "ui-method-password");
    for (n, key) in ["slip-step-1", "slip-step-2", "slip-step-3", "slip-step-4"]
        .into_iter()
        .enumerate()
    {
        let step = t_args(lang, key, &[("method", Arg::Str(&method))]);
        push(Style::Body, format!("{}. {step}", n + 1));
    }
    push(Style::Space, String::new());
    push(Style::Body, t(lang, "slip-keep"));
    push(Style::Space, String::new());
    push(
        Style::Body,
        t_args(
            lang,
            "slip-office",
            &[
                ("place", Arg::Str(support.place.get(lang))),
                ("hours", Arg::Str(support.hours.get(lang))),
            ],
        ),
    );
    out
}

/// Breaks `text` at spaces into lines of at most `width` characters (a longer word stands
/// alone on its line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole_within_the_width() {
        let text = "Välj språk och tryck Enter. Skriv ditt användarnamn och välj sedan metoden.";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn every_slip_text_exists_in_every_language() {
        for lang in Lang::ALL {
            let ids = crate::i18n::message_ids(lang);
            for key in [
                "slip-title",
                "slip-name",
                "slip-username",
                "slip-password",
                "slip-valid",
                "slip-steps-title",
                "slip-step-1",
                "slip-step-2",
                "slip-step-3",
                "slip-step-4",
                "slip-keep",
                "slip-office",
            ] {
                assert!(ids.iter().any(|id| id == key), "{key} missing in {lang:?}");
            }
        }
    }
}
