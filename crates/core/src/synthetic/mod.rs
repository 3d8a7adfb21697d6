//! Synthetic data: the built-in demos ([`demo`]), the benchmark sets of real
//! audits' sizes ([`generate`]), the bias lab's three dials ([`lab`]) and what
//! the guided tours say ([`lessons`]), all seeded and deterministic.

pub mod birds;
pub mod demo;
pub mod generate;
pub mod lab;
pub mod lessons;
