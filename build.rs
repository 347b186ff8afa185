//! The static release build (`cargo build-static`) gets link/hot.ld, which places the functions of fob's
//! everyday commands together at the start of the code: `fob code NAME` then touches a dozen pages of
//! code instead of about 45, which took about a tenth of its run (link/README.md).

use std::env;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=link/hot.ld");
    let static_gnu = env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu")
        && env::var("CARGO_CFG_TARGET_FEATURE")
            .is_ok_and(|features| features.split(',').any(|f| f == "crt-static"));
    if static_gnu && env::var("PROFILE").as_deref() == Ok("release") {
        let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
        let script = Path::new(&manifest).join("link/hot.ld");
        println!("cargo::rustc-link-arg-bins=-Wl,-T,{}", script.display());
    }
}
