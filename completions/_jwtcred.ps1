
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'jwtcred' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'jwtcred'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'jwtcred' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--exec-api-version', '--exec-api-version', [CompletionResultType]::ParameterName, 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a credential (the default when no subcommand is given)')
            [CompletionResult]::new('detect', 'detect', [CompletionResultType]::ParameterValue, 'Report which identity sources are present and which one `get` would use')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token (header, claims, times) without verifying its signature')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'List or clear cached tokens')
            [CompletionResult]::new('kubeconfig', 'kubeconfig', [CompletionResultType]::ParameterValue, 'Write or replace a kubeconfig user whose exec entry runs jwtcred')
            [CompletionResult]::new('argocd-cluster', 'argocd-cluster', [CompletionResultType]::ParameterValue, 'Print an Argo CD cluster Secret whose execProviderConfig runs jwtcred')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Copy this binary into DIR (for init containers without a shell)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('authn-config', 'authn-config', [CompletionResultType]::ParameterValue, 'Print the cluster side (AuthenticationConfiguration or OpenShift Authentication, RBAC) that accepts the token')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Say whether the cluster will accept the token `get` would return, and as whom')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtcred;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--exec-api-version', '--exec-api-version', [CompletionResultType]::ParameterName, 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;detect' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit with code 3 when no source is usable')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;inspect' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;cache' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached entries (never the tokens themselves)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached entries: all of them, or only the one the given get options select')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtcred;cache;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;cache;clear' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Remove every entry of both stores (also the default without get options)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;cache;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached entries (never the tokens themselves)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached entries: all of them, or only the one the given get options select')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtcred;cache;help;list' {
            break
        }
        'jwtcred;cache;help;clear' {
            break
        }
        'jwtcred;cache;help;help' {
            break
        }
        'jwtcred;kubeconfig' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Name of the kubeconfig user to write or replace')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file [default: first file of KUBECONFIG, else ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Also make this context use the user')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Cluster whose exec extension gets --cluster-audience')
            [CompletionResult]::new('--cluster-audience', '--cluster-audience', [CompletionResultType]::ParameterName, 'Audience written into the cluster''s client.authentication.k8s.io/exec extension')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Command the exec entry runs [default: this binary''s name if PATH finds it, else its path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--exec-api-version', '--exec-api-version', [CompletionResultType]::ParameterName, 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the resulting kubeconfig instead of writing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;argocd-cluster' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Cluster name in Argo CD')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'API server URL of the cluster')
            [CompletionResult]::new('--cluster-ca-file', '--cluster-ca-file', [CompletionResultType]::ParameterName, 'PEM CA of the cluster''s API server')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the Secret')
            [CompletionResult]::new('--cluster-audience', '--cluster-audience', [CompletionResultType]::ParameterName, 'Per-cluster audience passed as spec.cluster.config (sets provideClusterInfo)')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Command the exec provider runs [default: jwtcred]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the Secret')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'What to print [default: exec-credential]')
            [CompletionResult]::new('--exec-api-version', '--exec-api-version', [CompletionResultType]::ParameterName, 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;install' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;man' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;authn-config' {
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token to configure for, or `-` for stdin [default: the token `get` would return]')
            [CompletionResult]::new('--username-claim', '--username-claim', [CompletionResultType]::ParameterName, 'Claim the username is taken from')
            [CompletionResult]::new('--username-prefix', '--username-prefix', [CompletionResultType]::ParameterName, 'Prefix of every username; "" for none [default: "<issuer URL>#"]')
            [CompletionResult]::new('--groups-claim', '--groups-claim', [CompletionResultType]::ParameterName, 'Claim the groups are taken from [default: no groups]')
            [CompletionResult]::new('--groups-prefix', '--groups-prefix', [CompletionResultType]::ParameterName, 'Prefix of every group; "" for none [default: "<issuer URL>#"]')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Only accept tokens whose CLAIM is VALUE (repeatable)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'AuthenticationConfiguration version (kubernetes format) [default: v1]')
            [CompletionResult]::new('--bind-role', '--bind-role', [CompletionResultType]::ParameterName, 'Also bind the mapped username to this ClusterRole')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Bind in this namespace (RoleBinding) instead of cluster-wide (ClusterRoleBinding)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('--allow-any-subject', '--allow-any-subject', [CompletionResultType]::ParameterName, 'Do not pin the token''s owner (repository owner, SPIFFE trust domain) by default')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtcred;doctor' {
            [CompletionResult]::new('--authentication-config', '--authentication-config', [CompletionResultType]::ParameterName, 'kube-apiserver''s AuthenticationConfiguration file to check the token against')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig whose cluster (current context, or --context) gets a SelfSubjectReview')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context whose cluster gets a SelfSubjectReview')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'API server URL that gets a SelfSubjectReview (overrides the kubeconfig''s server)')
            [CompletionResult]::new('--discovery-url', '--discovery-url', [CompletionResultType]::ParameterName, 'OIDC discovery URL [default: the authenticator''s discoveryURL, else <iss>/.well-known/openid-configuration]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on all upstream work of one call [default: 30s]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Identity source to use')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Audience to request (repeatable; env: comma separated)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File source: read the token from PATH (fresh on every call)')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Env source: read the token from the environment variable NAME')
            [CompletionResult]::new('--token-command', '--token-command', [CompletionResultType]::ParameterName, 'stdout; `{audience}` is replaced by the first audience')
            [CompletionResult]::new('--spiffe-socket', '--spiffe-socket', [CompletionResultType]::ParameterName, 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID of the SVID to use when the Workload API returns several')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Client credentials: the token endpoint')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Client credentials: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client credentials: the client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client credentials: the secret itself (visible in the process list; prefer a file or env)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Client credentials: scope to request (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Client credentials: RFC 8707 resource indicator (repeatable)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client credentials: how the client authenticates [default: basic]')
            [CompletionResult]::new('--token-field', '--token-field', [CompletionResultType]::ParameterName, 'Client credentials: which field of the token response to use [default: access_token]')
            [CompletionResult]::new('--exchange-url', '--exchange-url', [CompletionResultType]::ParameterName, 'Token exchange (RFC 8693): the token endpoint')
            [CompletionResult]::new('--exchange-issuer', '--exchange-issuer', [CompletionResultType]::ParameterName, 'Token exchange: the issuer whose discovery document names the token endpoint')
            [CompletionResult]::new('--exchange-client-id', '--exchange-client-id', [CompletionResultType]::ParameterName, 'Token exchange: the client id')
            [CompletionResult]::new('--exchange-client-secret-file', '--exchange-client-secret-file', [CompletionResultType]::ParameterName, 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)')
            [CompletionResult]::new('--exchange-audience', '--exchange-audience', [CompletionResultType]::ParameterName, 'Token exchange: audience to request')
            [CompletionResult]::new('--exchange-scope', '--exchange-scope', [CompletionResultType]::ParameterName, 'Token exchange: scope to request (repeatable)')
            [CompletionResult]::new('--exchange-connector-id', '--exchange-connector-id', [CompletionResultType]::ParameterName, 'Token exchange: Dex connector id (required by Dex)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Where to cache tokens [default: file]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [default: <user cache dir>/jwtcred]')
            [CompletionResult]::new('--refresh-before', '--refresh-before', [CompletionResultType]::ParameterName, 'Minimum time before expiry at which a token is refreshed [default: 60s]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log to stderr (redacted) where each setting came from and what was done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'jwtcred;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a credential (the default when no subcommand is given)')
            [CompletionResult]::new('detect', 'detect', [CompletionResultType]::ParameterValue, 'Report which identity sources are present and which one `get` would use')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token (header, claims, times) without verifying its signature')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'List or clear cached tokens')
            [CompletionResult]::new('kubeconfig', 'kubeconfig', [CompletionResultType]::ParameterValue, 'Write or replace a kubeconfig user whose exec entry runs jwtcred')
            [CompletionResult]::new('argocd-cluster', 'argocd-cluster', [CompletionResultType]::ParameterValue, 'Print an Argo CD cluster Secret whose execProviderConfig runs jwtcred')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Copy this binary into DIR (for init containers without a shell)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('authn-config', 'authn-config', [CompletionResultType]::ParameterValue, 'Print the cluster side (AuthenticationConfiguration or OpenShift Authentication, RBAC) that accepts the token')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Say whether the cluster will accept the token `get` would return, and as whom')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtcred;help;get' {
            break
        }
        'jwtcred;help;detect' {
            break
        }
        'jwtcred;help;inspect' {
            break
        }
        'jwtcred;help;cache' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached entries (never the tokens themselves)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached entries: all of them, or only the one the given get options select')
            break
        }
        'jwtcred;help;cache;list' {
            break
        }
        'jwtcred;help;cache;clear' {
            break
        }
        'jwtcred;help;kubeconfig' {
            break
        }
        'jwtcred;help;argocd-cluster' {
            break
        }
        'jwtcred;help;install' {
            break
        }
        'jwtcred;help;completions' {
            break
        }
        'jwtcred;help;man' {
            break
        }
        'jwtcred;help;authn-config' {
            break
        }
        'jwtcred;help;doctor' {
            break
        }
        'jwtcred;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
