//! `fob code NAME --copy`: the code goes to the clipboard through `wl-copy` (Wayland) or `xclip` (X11),
//! always on their stdin, never in an argument. A detached `sh` clears the clipboard after a timeout, but
//! only if it still holds that code, so fob itself returns at once.

use std::io::Write;
use std::process::Stdio;

use crate::error::CliError;
use fob::child;

/// A clipboard tool: how to set, read and clear.
struct Tool {
    copy: &'static [&'static str],
    paste: &'static str,
    clear: &'static str,
}

const WAYLAND: Tool = Tool {
    copy: &["wl-copy"],
    paste: "wl-paste --no-newline",
    clear: "wl-copy --clear",
};
const X11: Tool = Tool {
    copy: &["xclip", "-selection", "clipboard"],
    paste: "xclip -selection clipboard -o",
    clear: "xclip -selection clipboard </dev/null",
};

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::metadata(dir.join(program)).is_ok_and(|m| {
                use std::os::unix::fs::PermissionsExt;
                m.is_file() && m.permissions().mode() & 0o111 != 0
            })
        })
    })
}

fn tool() -> Result<&'static Tool, CliError> {
    let set = |var| std::env::var_os(var).is_some_and(|v| !v.is_empty());
    if set("WAYLAND_DISPLAY") && on_path("wl-copy") {
        return Ok(&WAYLAND);
    }
    if set("DISPLAY") && on_path("xclip") {
        return Ok(&X11);
    }
    let why = if set("WAYLAND_DISPLAY") {
        "no clipboard: wl-copy (package wl-clipboard) is not installed"
    } else if set("DISPLAY") {
        "no clipboard: xclip is not installed"
    } else {
        "no clipboard: neither WAYLAND_DISPLAY nor DISPLAY is set (no graphical session)"
    };
    Err(CliError::new(why).hint("print the code instead: leave out --copy"))
}

/// Puts `code` on the clipboard; with `clear_after` > 0, clears it that many seconds later if unchanged.
pub fn copy(code: &str, clear_after: u64) -> Result<(), CliError> {
    let tool = tool()?;
    let failed = |e: &dyn std::fmt::Display| {
        CliError::new(format!(
            "cannot copy to the clipboard with {}: {e}",
            tool.copy[0]
        ))
    };
    let mut child = child::command(tool.copy[0])
        .args(&tool.copy[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(&e))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(code.as_bytes()).map_err(|e| failed(&e))?;
    drop(stdin);
    let status = child.wait().map_err(|e| failed(&e))?;
    if !status.success() {
        return Err(failed(&status));
    }
    if clear_after > 0 {
        clear_later(tool, code, clear_after);
    }
    Ok(())
}

/// A detached shell, in its own process group so a terminal's Ctrl-C does not reach it, that reads the
/// code from its stdin, waits, and clears the clipboard if it still holds the code.
fn clear_later(tool: &Tool, code: &str, seconds: u64) {
    use std::os::unix::process::CommandExt;
    let script = format!(
        "IFS= read -r code; sleep {seconds}; [ \"$({paste} 2>/dev/null)\" = \"$code\" ] && {clear} >/dev/null 2>&1; exit 0",
        paste = tool.paste,
        clear = tool.clear
    );
    let Ok(mut child) = child::command("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
    else {
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = writeln!(stdin, "{code}");
    }
    // Not waited for: it outlives fob and is reaped by init.
}
