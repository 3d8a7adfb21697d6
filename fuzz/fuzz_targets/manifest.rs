//! Manifests: any bytes are a manifest, not a manifest, or an error naming the
//! file; a manifest's column roles apply to a table without panicking.
#![no_main]

use biaslens_core::{manifest, parse_table};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match manifest::sniff("m.json", data) {
        Ok(Some(m)) => {
            let csv = b"id,split,group,gender,objects\n1,train,a,b,x|y\n2,test,b,a,y\n";
            if let Ok(mut table) = parse_table("a.csv", csv) {
                let _ = m.apply_columns("m.json", &mut table);
            }
        }
        Ok(None) => {}
        Err(err) => assert_eq!(err.location.file, "m.json", "{err}"),
    }
});
