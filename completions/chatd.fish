# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_chatd_global_optspecs
    string join \n config= listen= data-dir= database-url= public-url= log-format= log= max-body-bytes= request-timeout-secs= access-token-ttl-secs= refresh-token-ttl-secs= db-busy-timeout-ms= db-pool-size= writer-queue= shutdown-grace-secs= durability= heartbeat-secs= socket-queue= public-rate-per-min= socket-frames-per-sec= ai-base-url= ai-key-env= ai-model= ai-timeout-secs= agent-capacity= broker= metrics-token= presence-timeout-secs= tls-cert= tls-key= trusted-proxy= retention-interval-secs= webhook-max-attempts= webhook-retry-base-ms= h/help V/version
end

function __fish_chatd_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_chatd_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_chatd_using_subcommand
    set -l cmd (__fish_chatd_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c chatd -n "__fish_chatd_needs_command" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_needs_command" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_needs_command" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_needs_command" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_needs_command" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_needs_command" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_needs_command" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_needs_command" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_needs_command" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_needs_command" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_needs_command" -s V -l version -d 'Print version'
complete -c chatd -n "__fish_chatd_needs_command" -f -a "serve" -d 'Run the server (the default)'
complete -c chatd -n "__fish_chatd_needs_command" -f -a "migrate" -d 'Apply database migrations and exit'
complete -c chatd -n "__fish_chatd_needs_command" -f -a "copy" -d 'Copy every row of one database into another, empty one: the way from SQLite to Postgres. Stop chatd first; both databases are migrated'
complete -c chatd -n "__fish_chatd_needs_command" -f -a "backup" -d 'Write a consistent copy of the SQLite database to PATH while chatd runs (Postgres: use pg_dump). The copy gets a new epoch'
complete -c chatd -n "__fish_chatd_needs_command" -f -a "config" -d 'Inspect the configuration'
complete -c chatd -n "__fish_chatd_needs_command" -f -a "admin" -d 'Recover access: create an admin or reset a password, offline'
complete -c chatd -n "__fish_chatd_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l from -d 'Database to read [default: the configured one: --database-url, or chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l to -d 'Database to fill (`postgres://…` or `sqlite://PATH`); it must hold no data. A password may come from PGPASSWORD instead of the URL' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print the effective configuration as TOML, secrets redacted'
complete -c chatd -n "__fish_chatd_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration as TOML, secrets redacted'
complete -c chatd -n "__fish_chatd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -f -a "create" -d 'Create an admin account. Prints a generated password unless one is given on stdin'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -f -a "reset-password" -d 'Set a new password for an existing account and revoke its sessions'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and not __fish_seen_subcommand_from create reset-password help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l email -d 'Email of the new admin' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l name -d 'Display name (defaults to the part of the email before `@`)' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l email -d 'Email of the account' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l config -d 'Configuration file [default: chatd.toml in the platform config dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l data-dir -d 'Directory for the database, keys and files [default: the platform data dir]' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l database-url -d 'Database URL; `sqlite://PATH` [default: chatd.db in the data dir]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l public-url -d 'Public base URL (`https://chat.example.com`) used in embed snippets [default: taken from each request\'s Host header]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l log-format -d 'Log format [default: pretty]' -r -f -a "pretty\t'Human-readable lines'
json\t'One JSON object per line'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l log -d 'Log filter, e.g. `info` or `chatd=debug,info` [default: info]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l max-body-bytes -d 'Largest accepted request body in bytes [default: 65536]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l request-timeout-secs -d 'Time limit for one HTTP request in seconds [default: 30]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l access-token-ttl-secs -d 'Lifetime of access tokens in seconds [default: 900]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l refresh-token-ttl-secs -d 'Lifetime of refresh tokens in seconds [default: 2592000, 30 days]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l db-busy-timeout-ms -d 'How long a database statement waits for a lock, in milliseconds [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l db-pool-size -d 'Database connections per node, 1 to 1000: the Postgres pool, or the SQLite read pool [default: 10 on Postgres, 4 on SQLite]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l writer-queue -d 'Writes queued for the store writer before new ones are refused [default: 4096]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l shutdown-grace-secs -d 'Seconds to wait for open requests at shutdown [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l durability -d 'What an acknowledged message survives: disk (fsync) or process [default: disk]' -r -f -a "disk\t'Every commit is fsynced: an ack survives power loss (the default)'
process\t'Commits reach the OS but are not fsynced: an ack survives a chatd crash'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l heartbeat-secs -d 'Seconds between socket heartbeats; three silent ones close a socket [default: 25]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l socket-queue -d 'Frames queued per socket before a slow reader is disconnected [default: 256]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l public-rate-per-min -d 'Visitor requests (conversation starts, socket and stream opens, HTTP sends) per minute per client IP; 0 turns the limit off [default: 120]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l socket-frames-per-sec -d 'Frames per second one socket may send, sustained; bursts may be twice that [default: 20]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l ai-base-url -d 'Base URL of the OpenAI-compatible AI API [default: https://openrouter.ai/api/v1]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l ai-key-env -d 'Name of the environment variable holding the AI API key; with no key the assistant answers from widget FAQs only [default: OPENROUTER_API_KEY]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l ai-model -d 'Model used when a widget names none [default: openai/gpt-4o-mini]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l ai-timeout-secs -d 'Time limit of one AI answer in seconds, retries included [default: 45]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l agent-capacity -d 'Conversations automatic assignment gives one agent at most [default: 5]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l broker -d 'How nodes hear of each other\'s events: postgres (several nodes on one database) or local [default: postgres with a Postgres database, else local]' -r -f -a "local\t'One node: events stay in the process'
postgres\t'Several nodes on one Postgres: LISTEN/NOTIFY as a wake-up'"
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l metrics-token -d 'Bearer token Prometheus must send to read /metrics [default: none: /metrics answers loopback callers only]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l presence-timeout-secs -d 'Seconds without a word from another node before its agents count as offline; nodes announce themselves at a third of it [default: 15]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l tls-cert -d 'PEM certificate chain: serve HTTPS and WSS directly (needs --tls-key). Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l tls-key -d 'PEM private key of --tls-cert. Re-read on SIGHUP' -r -F
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l trusted-proxy -d 'A proxy (IP or CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeat it, or separate with commas in the variable [default: none, the headers are ignored]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l retention-interval-secs -d 'Seconds between retention sweeps (for tests; operators keep the hourly default)' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l webhook-max-attempts -d 'Attempts at one webhook delivery before it is marked failed; retries wait 5 s, 20 s, 80 s, … up to an hour apart [default: 10]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l webhook-retry-base-ms -d 'Milliseconds before the first webhook retry (for tests; later ones wait four times longer each) [default: 5000]' -r
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from reset-password" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an admin account. Prints a generated password unless one is given on stdin'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "reset-password" -d 'Set a new password for an existing account and revoke its sessions'
complete -c chatd -n "__fish_chatd_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatd -n "__fish_chatd_using_subcommand help; and not __fish_seen_subcommand_from serve migrate copy backup config admin help" -f -a "serve" -d 'Run the server (the default)'
complete -c chatd -n "__fish_chatd_using_subcommand help; and not __fish_seen_subcommand_from serve migrate copy backup config admin help" -f -a "migrate" -d 'Apply database migrations and exit'
complete -c chatd -n "__fish_chatd_using_subcommand help; and not __fish_seen_subcommand_from serve migrate copy backup config admin help" -f -a "copy" -d 'Copy every row of one database into another, empty one: the way from SQLite to Postgres. Stop chatd first; both databases are migrated'
complete -c chatd -n "__fish_chatd_using_subcommand help; and not __fish_seen_subcommand_from serve migrate copy backup config admin help" -f -a "backup" -d 'Write a consistent copy of the SQLite database to PATH while chatd runs (Postgres: use pg_dump). The copy gets a new epoch'
complete -c chatd -n "__fish_chatd_using_subcommand help; and not __fish_seen_subcommand_from serve migrate copy backup config admin help" -f -a "config" -d 'Inspect the configuration'
complete -c chatd -n "__fish_chatd_using_subcommand help; and not __fish_seen_subcommand_from serve migrate copy backup config admin help" -f -a "admin" -d 'Recover access: create an admin or reset a password, offline'
complete -c chatd -n "__fish_chatd_using_subcommand help; and not __fish_seen_subcommand_from serve migrate copy backup config admin help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatd -n "__fish_chatd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration as TOML, secrets redacted'
complete -c chatd -n "__fish_chatd_using_subcommand help; and __fish_seen_subcommand_from admin" -f -a "create" -d 'Create an admin account. Prints a generated password unless one is given on stdin'
complete -c chatd -n "__fish_chatd_using_subcommand help; and __fish_seen_subcommand_from admin" -f -a "reset-password" -d 'Set a new password for an existing account and revoke its sessions'
