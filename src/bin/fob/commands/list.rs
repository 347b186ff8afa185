//! `fob list`: entries and their settings, never their secrets.

use serde_json::{Value, json};

use crate::cli::ListArgs;
use crate::error::CliError;
use crate::output::{self, pad};
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &ListArgs) -> Result<(), CliError> {
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let shown: Vec<&fob::entry::Entry> = match &args.query {
        None => vault.entries.iter().collect(),
        Some(query) => {
            let found = vault.matches(query).all();
            if found.is_empty() {
                return Err(fob::vault::QueryError::NoMatch {
                    query: query.clone(),
                }
                .into());
            }
            found.into_iter().map(|i| &vault.entries[i]).collect()
        }
    };
    let entries = &shown;
    if args.json {
        let rows: Vec<Value> = entries
            .iter()
            .map(|e| {
                let mut v = json!({
                    "id": e.id.as_str(), "name": e.name.to_string(), "issuer": e.name.issuer, "account": e.name.account,
                    "type": e.otp.kind.name(), "algorithm": e.otp.algorithm.as_str(), "digits": e.otp.digits,
                    "created": e.created.to_string(), "modified": e.modified.to_string(),
                });
                if let Some(p) = e.otp.kind.period() {
                    v["period"] = json!(p);
                }
                if let fob::entry::Kind::Hotp { counter } = e.otp.kind {
                    v["counter"] = json!(counter);
                }
                v
            })
            .collect();
        return output::print(&format!("{}\n", Value::Array(rows))).map_err(CliError::stdout);
    }
    if entries.is_empty() {
        ctx.talk
            .say("the vault is empty: add entries with `fob add NAME` or `fob import FILE`");
        return Ok(());
    }
    let full_names: Vec<String> = entries.iter().map(|e| e.name.to_string()).collect();
    let (names, width) = output::name_column(full_names.iter().map(String::as_str));
    let mut out = format!("{}  TYPE\n", pad("NAME", width));
    for (e, name) in entries.iter().zip(&names) {
        out.push_str(&format!(
            "{}  {}\n",
            pad(name, width),
            super::add::describe(&e.otp)
        ));
    }
    output::print(&out).map_err(CliError::stdout)
}
