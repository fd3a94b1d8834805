# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_jwtcred_global_optspecs
    string join \n o/output= exec-api-version= timeout= ca-file= v/verbose source= audience= token-file= token-env= token-command= spiffe-socket= spiffe-id= token-url= issuer= client-id= client-secret-file= client-secret= scope= resource= auth-method= token-field= exchange-url= exchange-issuer= exchange-client-id= exchange-client-secret-file= exchange-audience= exchange-scope= exchange-connector-id= subject-token-type= requested-token-type= cache= cache-dir= refresh-before= h/help V/version
end

function __fish_jwtcred_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_jwtcred_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_jwtcred_using_subcommand
    set -l cmd (__fish_jwtcred_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c jwtcred -n "__fish_jwtcred_needs_command" -s o -l output -d 'What to print [default: exec-credential]' -r -f -a "exec-credential\t''
token\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exec-api-version -d 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]' -r -f -a "v1\t''
v1beta1\t''"
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_needs_command" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_needs_command" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -s V -l version -d 'Print version'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "get" -d 'Print a credential (the default when no subcommand is given)'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "detect" -d 'Report which identity sources are present and which one `get` would use'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "inspect" -d 'Decode a token (header, claims, times) without verifying its signature'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "cache" -d 'List or clear cached tokens'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "kubeconfig" -d 'Write or replace a kubeconfig user whose exec entry runs jwtcred'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "argocd-cluster" -d 'Print an Argo CD cluster Secret whose execProviderConfig runs jwtcred'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "install" -d 'Copy this binary into DIR (for init containers without a shell)'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "authn-config" -d 'Print the cluster side (AuthenticationConfiguration or OpenShift Authentication, RBAC) that accepts the token'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "doctor" -d 'Say whether the cluster will accept the token `get` would return, and as whom'
complete -c jwtcred -n "__fish_jwtcred_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -s o -l output -d 'What to print [default: exec-credential]' -r -f -a "exec-credential\t''
token\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exec-api-version -d 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]' -r -f -a "v1\t''
v1beta1\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand get" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -s o -l output -d 'Report format' -r -f -a "text\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -l check -d 'Exit with code 3 when no source is usable'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand detect" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -s o -l output -d 'Report format' -r -f -a "text\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "list" -d 'List cached entries (never the tokens themselves)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "clear" -d 'Remove cached entries: all of them, or only the one the given get options select'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -s o -l output -d 'Report format' -r -f -a "text\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -l all -d 'Remove every entry of both stores (also the default without get options)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "list" -d 'List cached entries (never the tokens themselves)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Remove cached entries: all of them, or only the one the given get options select'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l user -d 'Name of the kubeconfig user to write or replace' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l kubeconfig -d 'Kubeconfig file [default: first file of KUBECONFIG, else ~/.kube/config]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l context -d 'Also make this context use the user' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l cluster -d 'Cluster whose exec extension gets --cluster-audience' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l cluster-audience -d 'Audience written into the cluster\'s client.authentication.k8s.io/exec extension' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l command -d 'Command the exec entry runs [default: this binary\'s name if PATH finds it, else its path]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -s o -l output -d 'What to print [default: exec-credential]' -r -f -a "exec-credential\t''
token\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exec-api-version -d 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]' -r -f -a "v1\t''
v1beta1\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -l dry-run -d 'Print the resulting kubeconfig instead of writing it'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand kubeconfig" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l name -d 'Cluster name in Argo CD' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l server -d 'API server URL of the cluster' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l cluster-ca-file -d 'PEM CA of the cluster\'s API server' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l format -d 'Output format of the Secret' -r -f -a "yaml\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l cluster-audience -d 'Per-cluster audience passed as spec.cluster.config (sets provideClusterInfo)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l command -d 'Command the exec provider runs [default: jwtcred]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l namespace -d 'Namespace of the Secret' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -s o -l output -d 'What to print [default: exec-credential]' -r -f -a "exec-credential\t''
token\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exec-api-version -d 'ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1]' -r -f -a "v1\t''
v1beta1\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand argocd-cluster" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand install" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand completions" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand man" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l token -d 'The token to configure for, or `-` for stdin [default: the token `get` would return]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l username-claim -d 'Claim the username is taken from' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l username-prefix -d 'Prefix of every username; "" for none [default: "<issuer URL>#"]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l groups-claim -d 'Claim the groups are taken from [default: no groups]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l groups-prefix -d 'Prefix of every group; "" for none [default: "<issuer URL>#"]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l require -d 'Only accept tokens whose CLAIM is VALUE (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l format -d 'What to print' -r -f -a "kubernetes\t'kube-apiserver AuthenticationConfiguration (--authentication-config)'
openshift\t'OpenShift config.openshift.io/v1 Authentication (type OIDC)'"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l api-version -d 'AuthenticationConfiguration version (kubernetes format) [default: v1]' -r -f -a "v1\t'apiserver.config.k8s.io/v1 (Kubernetes 1.34 and newer)'
v1beta1\t'apiserver.config.k8s.io/v1beta1 (Kubernetes 1.30 to 1.33)'"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l bind-role -d 'Also bind the mapped username to this ClusterRole' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l namespace -d 'Bind in this namespace (RoleBinding) instead of cluster-wide (ClusterRoleBinding)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -l allow-any-subject -d 'Do not pin the token\'s owner (repository owner, SPIFFE trust domain) by default'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand authn-config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l authentication-config -d 'kube-apiserver\'s AuthenticationConfiguration file to check the token against' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l kubeconfig -d 'Kubeconfig whose cluster (current context, or --context) gets a SelfSubjectReview' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l context -d 'Kubeconfig context whose cluster gets a SelfSubjectReview' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l server -d 'API server URL that gets a SelfSubjectReview (overrides the kubeconfig\'s server)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l discovery-url -d 'OIDC discovery URL [default: the authenticator\'s discoveryURL, else <iss>/.well-known/openid-configuration]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -s o -l output -d 'Report format' -r -f -a "text\t''
json\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l timeout -d 'Bound on all upstream work of one call [default: 30s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l ca-file -d 'Extra PEM CA bundle trusted for HTTPS (besides the system roots)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l source -d 'Identity source to use' -r -f -a "auto\t''
spiffe\t''
actions\t''
client-credentials\t''
file\t''
env\t''
command\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l audience -d 'Audience to request (repeatable; env: comma separated)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l token-file -d 'File source: read the token from PATH (fresh on every call)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l token-env -d 'Env source: read the token from the environment variable NAME' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l token-command -d 'stdout; `{audience}` is replaced by the first audience' -r -f -a "(__fish_complete_command)"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l spiffe-socket -d 'SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l spiffe-id -d 'SPIFFE ID of the SVID to use when the Workload API returns several' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l token-url -d 'Client credentials: the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l issuer -d 'Client credentials: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l client-id -d 'Client credentials: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l client-secret-file -d 'Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l client-secret -d 'Client credentials: the secret itself (visible in the process list; prefer a file or env)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l scope -d 'Client credentials: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l resource -d 'Client credentials: RFC 8707 resource indicator (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l auth-method -d 'Client credentials: how the client authenticates [default: basic]' -r -f -a "basic\t''
post\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l token-field -d 'Client credentials: which field of the token response to use [default: access_token]' -r -f -a "access_token\t''
id_token\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l exchange-url -d 'Token exchange (RFC 8693): the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l exchange-issuer -d 'Token exchange: the issuer whose discovery document names the token endpoint' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l exchange-client-id -d 'Token exchange: the client id' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l exchange-client-secret-file -d 'Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET)' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l exchange-audience -d 'Token exchange: audience to request' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l exchange-scope -d 'Token exchange: scope to request (repeatable)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l exchange-connector-id -d 'Token exchange: Dex connector id (required by Dex)' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l subject-token-type -d 'Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l requested-token-type -d 'Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l cache -d 'Where to cache tokens [default: file]' -r -f -a "file\t''
keyring\t''
none\t''"
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l cache-dir -d 'Cache directory [default: <user cache dir>/jwtcred]' -r -F
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -l refresh-before -d 'Minimum time before expiry at which a token is refreshed [default: 60s]' -r
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -s v -l verbose -d 'Log to stderr (redacted) where each setting came from and what was done'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "get" -d 'Print a credential (the default when no subcommand is given)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "detect" -d 'Report which identity sources are present and which one `get` would use'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "inspect" -d 'Decode a token (header, claims, times) without verifying its signature'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "cache" -d 'List or clear cached tokens'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "kubeconfig" -d 'Write or replace a kubeconfig user whose exec entry runs jwtcred'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "argocd-cluster" -d 'Print an Argo CD cluster Secret whose execProviderConfig runs jwtcred'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "install" -d 'Copy this binary into DIR (for init containers without a shell)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "man" -d 'Print the man page (roff)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "authn-config" -d 'Print the cluster side (AuthenticationConfiguration or OpenShift Authentication, RBAC) that accepts the token'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "doctor" -d 'Say whether the cluster will accept the token `get` would return, and as whom'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and not __fish_seen_subcommand_from get detect inspect cache kubeconfig argocd-cluster install completions man authn-config doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "list" -d 'List cached entries (never the tokens themselves)'
complete -c jwtcred -n "__fish_jwtcred_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clear" -d 'Remove cached entries: all of them, or only the one the given get options select'
