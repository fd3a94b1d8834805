//! `KUBERNETES_EXEC_INFO` parsing and the `spec.cluster.config` extension on arbitrary input.
#![no_main]

use jwtcred::exec_info::ExecInfo;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(info) = ExecInfo::parse(text) {
        assert!(
            info.api_version().is_ok(),
            "parse accepted an unknown apiVersion"
        );
        let _ = info.cluster_config();
    }
});
