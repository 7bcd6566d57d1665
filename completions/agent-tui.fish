complete -c agent-tui -l server -d 'chatd base URL [default: the context\'s server, else http://127.0.0.1:8080]' -r
complete -c agent-tui -l token -d 'API token or access token' -r
complete -c agent-tui -l context -d 'Use this chatctl context (`chatctl context list`)' -r
complete -c agent-tui -l email -d 'Prefill the login form\'s email' -r
complete -c agent-tui -l bell -d 'When to ring the terminal bell: off; queue (a conversation enters the queue, is assigned to me or reopens); all (those and visitor messages in my or queued conversations that are not open)' -r -f -a "off\t'Never'
queue\t'New work only: a conversation entering the queue, one assigned to me by someone else, one reopened'
all\t'New work and every visitor message in a queued or assigned-to-me conversation that is not open'"
complete -c agent-tui -l no-bell -d 'Same as --bell off'
complete -c agent-tui -s h -l help -d 'Print help (see more with \'--help\')'
complete -c agent-tui -s V -l version -d 'Print version'
