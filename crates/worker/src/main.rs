//! The Web Worker that runs the engine: registered here, defined in
//! `biaslens::engine_worker`.

use gloo_worker::Registrable;

fn main() {
    console_error_panic_hook::set_once();
    biaslens::EngineWorker::registrar().register();
}
