//! Running `jwtcred doctor` in tests: a token file and an AuthenticationConfiguration written
//! into the test's sandbox, the JSON report parsed, each check looked up by name.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::TestEnv;

/// One doctor run.
#[derive(Debug)]
pub struct DoctorRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// The JSON report (None when stdout is empty, i.e. the token could not be obtained).
    pub report: Option<Value>,
}

impl DoctorRun {
    /// `(status, detail)` of the named check.
    pub fn check(&self, name: &str) -> (String, String) {
        let report = self
            .report
            .as_ref()
            .unwrap_or_else(|| panic!("no report: {}", self.stderr));
        let check = report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no {name} check in {report}"));
        (
            check["status"].as_str().unwrap().to_owned(),
            check["detail"].as_str().unwrap().to_owned(),
        )
    }

    pub fn status(&self, name: &str) -> String {
        self.check(name).0
    }

    pub fn user(&self) -> &Value {
        &self.report.as_ref().expect("report")["user"]
    }

    /// Every check's status, in order: `token=pass discovery=fail ...`.
    pub fn summary(&self) -> String {
        match &self.report {
            None => format!("no report (exit {}): {}", self.code, self.stderr.trim()),
            Some(report) => report["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{}={}",
                        c["name"].as_str().unwrap(),
                        c["status"].as_str().unwrap()
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

static FILES: AtomicUsize = AtomicUsize::new(0);

/// `jwtcred doctor --source file --token-file T [--authentication-config C] --output json ARGS`.
pub fn doctor(env: &TestEnv, token: &str, config: Option<&str>, args: &[&str]) -> DoctorRun {
    let n = FILES.fetch_add(1, Ordering::SeqCst);
    let token_file = env.write(&format!("doctor/token-{n}.jwt"), token);
    let mut cmd = env.cmd();
    cmd.arg("doctor")
        .arg("--source")
        .arg("file")
        .arg("--token-file")
        .arg(&token_file)
        .args(["--output", "json"]);
    if !args.contains(&"--timeout") {
        cmd.args(["--timeout", "20s"]);
    }
    if let Some(config) = config {
        let path = env.write(&format!("doctor/authn-{n}.yaml"), config);
        cmd.arg("--authentication-config").arg(path);
    }
    cmd.args(args);
    let output = cmd.output().expect("run jwtcred doctor");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = (!stdout.is_empty()).then(|| {
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("report is not JSON ({e}): {stdout}"))
    });
    DoctorRun {
        code: output.status.code().unwrap_or(-1),
        stdout,
        stderr,
        report,
    }
}
