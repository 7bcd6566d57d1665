
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'chatd' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'chatd'
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
        'chatd' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the server (the default)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply database migrations and exit')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every row of one database into another, empty one: the way from SQLite to Postgres. Stop chatd first; both databases are migrated')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a consistent copy of the SQLite database to PATH while chatd runs (Postgres: use pg_dump). The copy gets a new epoch')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect the configuration')
            [CompletionResult]::new('admin', 'admin', [CompletionResultType]::ParameterValue, 'Recover access: create an admin or reset a password, offline')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatd;serve' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'chatd;migrate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'chatd;copy' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Database to read [default: the configured one: --database-url, or chatd.db in the data dir]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Database to fill (`postgres://…` or `sqlite://PATH`); it must hold no data. A password may come from PGPASSWORD instead of the URL')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'chatd;backup' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'chatd;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration as TOML, secrets redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatd;config;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'chatd;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration as TOML, secrets redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatd;config;help;show' {
            break
        }
        'chatd;config;help;help' {
            break
        }
        'chatd;admin' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an admin account. Prints a generated password unless one is given on stdin')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password for an existing account and revoke its sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatd;admin;create' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email of the new admin')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name (defaults to the part of the email before `@`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'chatd;admin;reset-password' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email of the account')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: chatd.toml in the platform config dir]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the database, keys and files [default: the platform data dir]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request''s Host header]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log format [default: pretty]')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes [default: 65536]')
            [CompletionResult]::new('--request-timeout-secs', '--request-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit for one HTTP request in seconds [default: 30]')
            [CompletionResult]::new('--access-token-ttl-secs', '--access-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens in seconds [default: 900]')
            [CompletionResult]::new('--refresh-token-ttl-secs', '--refresh-token-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]')
            [CompletionResult]::new('--db-busy-timeout-ms', '--db-busy-timeout-ms', [CompletionResultType]::ParameterName, 'How long a database statement waits for a lock, in milliseconds [default: 5000]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]')
            [CompletionResult]::new('--writer-queue', '--writer-queue', [CompletionResultType]::ParameterName, 'Writes queued for the store writer before new ones are refused [default: 4096]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'Seconds to wait for open requests at shutdown [default: 10]')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'What an acknowledged message survives: disk (fsync) or process [default: disk]')
            [CompletionResult]::new('--heartbeat-secs', '--heartbeat-secs', [CompletionResultType]::ParameterName, 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]')
            [CompletionResult]::new('--socket-queue', '--socket-queue', [CompletionResultType]::ParameterName, 'Frames queued per socket before a slow reader is disconnected [default: 256]')
            [CompletionResult]::new('--public-rate-per-min', '--public-rate-per-min', [CompletionResultType]::ParameterName, 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]')
            [CompletionResult]::new('--socket-frames-per-sec', '--socket-frames-per-sec', [CompletionResultType]::ParameterName, 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]')
            [CompletionResult]::new('--ai-base-url', '--ai-base-url', [CompletionResultType]::ParameterName, 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]')
            [CompletionResult]::new('--ai-key-env', '--ai-key-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'Model used when a widget names none [default: openai/gpt-4o-mini]')
            [CompletionResult]::new('--ai-timeout-secs', '--ai-timeout-secs', [CompletionResultType]::ParameterName, 'Time limit of one AI answer in seconds, retries included [default: 45]')
            [CompletionResult]::new('--agent-capacity', '--agent-capacity', [CompletionResultType]::ParameterName, 'Conversations automatic assignment gives one agent at most [default: 5]')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'How nodes hear of each other''s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]')
            [CompletionResult]::new('--metrics-token', '--metrics-token', [CompletionResultType]::ParameterName, 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]')
            [CompletionResult]::new('--presence-timeout-secs', '--presence-timeout-secs', [CompletionResultType]::ParameterName, 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key of --tls-cert. Re-read on SIGHUP')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]')
            [CompletionResult]::new('--retention-interval-secs', '--retention-interval-secs', [CompletionResultType]::ParameterName, 'Seconds between retention sweeps (for tests; operators keep the hourly default)')
            [CompletionResult]::new('--webhook-max-attempts', '--webhook-max-attempts', [CompletionResultType]::ParameterName, 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]')
            [CompletionResult]::new('--webhook-retry-base-ms', '--webhook-retry-base-ms', [CompletionResultType]::ParameterName, 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'chatd;admin;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an admin account. Prints a generated password unless one is given on stdin')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password for an existing account and revoke its sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatd;admin;help;create' {
            break
        }
        'chatd;admin;help;reset-password' {
            break
        }
        'chatd;admin;help;help' {
            break
        }
        'chatd;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the server (the default)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply database migrations and exit')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every row of one database into another, empty one: the way from SQLite to Postgres. Stop chatd first; both databases are migrated')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a consistent copy of the SQLite database to PATH while chatd runs (Postgres: use pg_dump). The copy gets a new epoch')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect the configuration')
            [CompletionResult]::new('admin', 'admin', [CompletionResultType]::ParameterValue, 'Recover access: create an admin or reset a password, offline')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatd;help;serve' {
            break
        }
        'chatd;help;migrate' {
            break
        }
        'chatd;help;copy' {
            break
        }
        'chatd;help;backup' {
            break
        }
        'chatd;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration as TOML, secrets redacted')
            break
        }
        'chatd;help;config;show' {
            break
        }
        'chatd;help;admin' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an admin account. Prints a generated password unless one is given on stdin')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password for an existing account and revoke its sessions')
            break
        }
        'chatd;help;admin;create' {
            break
        }
        'chatd;help;admin;reset-password' {
            break
        }
        'chatd;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
