//! Counting: a data set into the count tables every metric reads ([`counts`],
//! intersecting attribute columns as [`bitset`]s), and the combinations worth
//! counting ([`combinations`]: the pruned search by support).

pub mod bitset;
pub mod combinations;
pub mod counts;
