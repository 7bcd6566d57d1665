complete -c agent-tui -l server -d 'chatd base URL [default: the context\'s server, else http://127.0.0.1:8080]' -r
complete -c agent-tui -l token -d 'API token or access token' -r
complete -c agent-tui -l context -d 'Use this chatctl context (`chatctl context list`)' -r
complete -c agent-tui -l email -d 'Prefill the login form\'s email' -r
complete -c agent-tui -l no-bell -d 'No terminal bell on new conversations and background messages'
complete -c agent-tui -s h -l help -d 'Print help (see more with \'--help\')'
complete -c agent-tui -s V -l version -d 'Print version'
