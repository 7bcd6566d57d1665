//! Generates the committed shell completions (`completions/`) and man pages
//! (`man/`) from the clap definitions of chatctl, chatd and agent-tui, and
//! checks that the committed copies are current.

use anyhow::Context;
use clap::{Command, CommandFactory};
use clap_complete::{Generator, Shell};
use clap_mangen::Man;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folders the generator owns: every file in them is generated.
pub const OUTPUT_DIRS: [&str; 2] = ["completions", "man"];

/// The programs whose command lines are documented.
fn programs() -> Vec<(Command, Option<String>)> {
    vec![
        (chatctl::cli::Cli::command(), Some(chatctl_sections())),
        (chatd::config::Cli::command(), None),
        (agent_tui::cli::Cli::command(), None),
    ]
}

/// Every generated file, by path relative to the workspace root.
pub fn generate() -> anyhow::Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for (cmd, extra) in programs() {
        let name = cmd.get_name().to_string();
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd.clone(), &name, &mut buf);
            files.insert(Path::new("completions").join(shell.file_name(&name)), buf);
        }
        let source = format!("{name} {}", cmd.get_version().unwrap_or_default());
        let mut cmd = cmd.disable_help_subcommand(true);
        cmd.build();
        man_pages(&cmd, &source, extra.as_deref(), &mut files)?;
    }
    Ok(files)
}

/// One page for `cmd` and one for each subcommand, at any depth
/// (`chatctl-widget-faq-add.1`).
fn man_pages(
    cmd: &Command,
    source: &str,
    top_extra: Option<&str>,
    files: &mut BTreeMap<PathBuf, Vec<u8>>,
) -> anyhow::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, source, None, files)?;
    }
    let man = Man::new(cmd.clone()).source(source);
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut buf)?;
    }
    // chatctl's `after_help` (exit codes, environment) gets real man
    // sections here instead of clap_mangen's unformatted "EXTRA".
    if let Some(extra) = top_extra {
        buf.extend_from_slice(extra.as_bytes());
    } else if cmd.get_after_help().is_some() || cmd.get_after_long_help().is_some() {
        man.render_extra_section(&mut buf)?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut buf)?;
    }
    files.insert(Path::new("man").join(man.get_filename()), buf);
    Ok(())
}

/// Escapes text for roff: backslashes, and leading dots or quotes that
/// would read as requests.
fn roff_text(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

fn chatctl_sections() -> String {
    let mut s = String::from(".SH \"EXIT STATUS\"\n");
    for (code, what) in chatctl::cli::EXIT_CODES {
        s.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", roff_text(what)));
    }
    s.push_str(".SH ENVIRONMENT\n");
    for (name, what) in chatctl::cli::ENVIRONMENT {
        s.push_str(&format!(".TP\n\\fB{name}\\fR\n{}\n", roff_text(what)));
    }
    s.push_str(".SH FILES\n.TP\n\\fI$XDG_CONFIG_HOME/chatctl/config.toml\\fR\n");
    s.push_str(
        "Contexts: servers and the tokens of their logins (mode 0600). On macOS and Windows, the platform's config directory.\n",
    );
    s.push_str(".SH \"SEE ALSO\"\n\\fBchatd\\fR(1), docs/chatctl.md\n");
    s
}

/// Writes every generated file and removes files in the output folders that
/// are no longer generated. Returns the paths written.
pub fn write(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let files = generate()?;
    for dir in OUTPUT_DIRS {
        std::fs::create_dir_all(root.join(dir))?;
    }
    for stale in on_disk(root)?
        .into_iter()
        .filter(|p| !files.contains_key(p))
    {
        std::fs::remove_file(root.join(&stale))
            .with_context(|| format!("removing {}", stale.display()))?;
    }
    let mut written = Vec::new();
    for (path, bytes) in &files {
        let full = root.join(path);
        if std::fs::read(&full).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(&full, bytes).with_context(|| format!("writing {}", path.display()))?;
            written.push(path.clone());
        }
    }
    Ok(written)
}

/// What differs between the generated files and the committed ones; empty
/// when they match.
pub fn check(root: &Path) -> anyhow::Result<Vec<String>> {
    let files = generate()?;
    let mut problems = Vec::new();
    for (path, bytes) in &files {
        match std::fs::read(root.join(path)) {
            Ok(b) if &b == bytes => {}
            Ok(_) => problems.push(format!("{} is out of date", path.display())),
            Err(_) => problems.push(format!("{} is missing", path.display())),
        }
    }
    for extra in on_disk(root)?
        .into_iter()
        .filter(|p| !files.contains_key(p))
    {
        problems.push(format!("{} is no longer generated", extra.display()));
    }
    Ok(problems)
}

fn on_disk(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for dir in OUTPUT_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries {
            let e = e?;
            if e.file_type()?.is_file() {
                found.push(Path::new(dir).join(e.file_name()));
            }
        }
    }
    Ok(found)
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
