//! The biaslens web app: the panic hook and the mount. Everything else is in the
//! library half of the crate.

fn main() {
    biaslens::crash::install();
    leptos::mount::mount_to_body(biaslens::Root);
}
