//! The Web Worker that runs the engine: registered here, defined in
//! `biaslens_worker::EngineWorker`.

use gloo_worker::Registrable;

fn main() {
    console_error_panic_hook::set_once();
    biaslens_worker::EngineWorker::registrar().register();
}
