//! The biaslens web app: the panic hook and the mount. Everything else is in the
//! library half of the crate.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(biaslens::Root);
}
