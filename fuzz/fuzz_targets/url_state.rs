//! The URL state (`?demo=…&k_max=…`): any query string parses to a state, and
//! that state written back as a query string parses to itself (a link copied from
//! the address bar reproduces the screen).
#![no_main]

use biaslens::query::Query;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let search = String::from_utf8_lossy(data);
    let q = Query::parse(&search);
    let again = Query::parse(&q.to_search());
    assert_eq!(q, again, "{search:?} -> {:?}", q.to_search());
});
