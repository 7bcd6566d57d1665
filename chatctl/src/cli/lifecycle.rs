//! `chatctl block ...`, `chatctl audit` and `chatctl visitor ...`: flags and subcommands.

use super::{When, parse_when};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `chatctl block ...`.
#[derive(Debug, Subcommand)]
pub enum BlockCommand {
    /// Block the visitor of a conversation on its widget; their open
    /// conversations there are closed and their connections end.
    Add {
        /// The conversation whose visitor to block.
        #[arg(value_name = "CONVERSATION_ID")]
        conversation: String,
        /// Also block the address the visitor started from: everyone from
        /// it is refused on the widget.
        #[arg(long)]
        ip: bool,
        /// Why, for other agents (at most 500 characters).
        #[arg(long)]
        reason: Option<String>,
        /// Lift the block after this many hours [default: never].
        #[arg(long, value_name = "N")]
        hours: Option<u32>,
    },
    /// List blocks, newest first (an agent: those of their widgets).
    List,
    /// Lift a block.
    Remove {
        /// Block ID (from `chatctl block list`).
        #[arg(value_name = "BLOCK_ID")]
        block: String,
    },
}

/// `chatctl audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only entries at or after this time: a date (2026-01-31), a time
    /// (RFC 3339), or 7d, 12h, 30m ago.
    #[arg(long, value_name = "DATE", value_parser = parse_when)]
    pub since: Option<When>,
    /// Only this action (widget.create), or every action under a prefix
    /// ending in a dot (widget.).
    #[arg(long)]
    pub action: Option<String>,
    /// Only this actor: a user's email or ID.
    #[arg(long, value_name = "EMAIL_OR_ID")]
    pub actor: Option<String>,
    /// At most this many, newest first (1 to 1000).
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
}

/// `chatctl visitor ...`.
#[derive(Debug, Subcommand)]
pub enum VisitorCommand {
    /// Write everything stored about a visitor as JSON: their
    /// conversations with every message, and blocks naming them.
    Export {
        /// The visitor's ID (`visitor_id` of their conversations).
        visitor: String,
        /// Write to this file (it must not exist) instead of standard output.
        #[arg(short = 'f', long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Delete every conversation and message of a visitor, for good. Blocks
    /// naming them stay (`chatctl block remove` lifts one).
    Forget {
        /// The visitor's ID.
        visitor: String,
        /// Do not ask for confirmation (needed when not at a terminal).
        #[arg(long)]
        yes: bool,
    },
}
