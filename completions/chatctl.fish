# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_chatctl_global_optspecs
    string join \n server= token= context= o/output= h/help V/version
end

function __fish_chatctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_chatctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_chatctl_using_subcommand
    set -l cmd (__fish_chatctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c chatctl -n "__fish_chatctl_needs_command" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_needs_command" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_needs_command" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_needs_command" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_needs_command" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "login" -d 'Log in to a chatd server and remember it as a named context'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "logout" -d 'End the login session: revoke its refresh token and forget the tokens'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "whoami" -d 'Show who the credentials in use belong to'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "status" -d 'Show the server\'s version, health, readiness and what it holds'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "context" -d 'List and switch between named logins'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "widget" -d 'Manage widgets: one per website that embeds the chat'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "user" -d 'Manage users (admins and agents)'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "token" -d 'Manage API tokens for scripts and CI'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "canned" -d 'Manage canned replies: saved answers agents insert by their shortcut'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "webhook" -d 'Manage webhooks: URLs chatd POSTs events to, signed with a secret of each hook\'s own; see their deliveries, replay one, or check a signature. Needs the admin role (`verify` needs no server)'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "block" -d 'Block visitors from a widget, list blocks and lift them'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "audit" -d 'Show the audit log: who changed what, when and from where. Needs the admin role'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "visitor" -d 'Answer access and erasure requests: export or forget everything stored about one visitor. Needs the admin role'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "conversation" -d 'List, read, export and close conversations'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "queue" -d 'List the conversations waiting for a person, first in line first'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "stats" -d 'Report on conversations: volumes, waits, first response and handle times, and CSAT, per day, widget or agent'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "doctor" -d 'Diagnose a deployment end to end, the way visitors and agents reach it'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "apply" -d 'Make the server match a file of widgets (with their FAQ and members), users and canned replies'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "export" -d 'Write the server\'s widgets (with their FAQ and members), users and canned replies in the format `apply` reads'
complete -c chatctl -n "__fish_chatctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -l email -d 'Email address of the account' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand login" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand logout" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand logout" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand logout" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand logout" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand logout" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand whoami" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand whoami" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand whoami" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand whoami" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand status" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand status" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand status" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand status" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand status" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -f -a "list" -d 'List the named logins; `*` marks the current one'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -f -a "use" -d 'Make a context the current one'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and not __fish_seen_subcommand_from list use help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from use" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from use" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from use" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from use" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the named logins; `*` marks the current one'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make a context the current one'
complete -c chatctl -n "__fish_chatctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "create" -d 'Create a widget with a fresh site key'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "list" -d 'List widgets'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "show" -d 'Show a widget and all its settings'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "update" -d 'Change a widget\'s settings; only the ones given change'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "delete" -d 'Delete a widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "rotate-key" -d 'Give a widget a new site key; the old one stops working at once'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "snippet" -d 'Print the HTML that embeds a widget on a page'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "faq" -d 'Manage the questions the assistant answers without a model'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "member" -d 'Choose the agents who work on a widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and not __fish_seen_subcommand_from create list show update delete rotate-key snippet faq member help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l title -d 'Header title shown to visitors' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l welcome -d 'First message a visitor sees' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l offline-message -d 'Shown when no agent is online' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l origin -d 'Origin allowed to embed the widget (https://example.com, or *); repeat for several. Replaces the whole list' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l color -d 'Primary color (#rrggbb): launcher, header, visitor bubbles' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l text-color -d 'Color of text on the primary color (#rrggbb)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l position -d 'Where the launcher sits' -r -f -a "bottom-right\t'Bottom right corner'
bottom-left\t'Bottom left corner'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l ai -d 'Whether the AI assistant answers first' -r -f -a "true\t''
false\t''"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l ai-model -d 'AI model name at the provider ("" for the server\'s default)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l ai-prompt -d 'AI system prompt ("" for the server\'s default)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l ai-temperature -d 'AI sampling temperature, 0 to 2' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l retention-days -d 'Delete closed conversations idle for more than this many days (0: keep them forever, the default)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from show" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from show" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from show" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l name -d 'New name' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l title -d 'Header title shown to visitors' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l welcome -d 'First message a visitor sees' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l offline-message -d 'Shown when no agent is online' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l origin -d 'Origin allowed to embed the widget (https://example.com, or *); repeat for several. Replaces the whole list' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l color -d 'Primary color (#rrggbb): launcher, header, visitor bubbles' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l text-color -d 'Color of text on the primary color (#rrggbb)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l position -d 'Where the launcher sits' -r -f -a "bottom-right\t'Bottom right corner'
bottom-left\t'Bottom left corner'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l ai -d 'Whether the AI assistant answers first' -r -f -a "true\t''
false\t''"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l ai-model -d 'AI model name at the provider ("" for the server\'s default)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l ai-prompt -d 'AI system prompt ("" for the server\'s default)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l ai-temperature -d 'AI sampling temperature, 0 to 2' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l retention-days -d 'Delete closed conversations idle for more than this many days (0: keep them forever, the default)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -l no-origins -d 'Remove every allowed origin (only chatd\'s own /demo page may embed it then)'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from delete" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from delete" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from delete" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from rotate-key" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from rotate-key" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from rotate-key" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from rotate-key" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from rotate-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from rotate-key" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from snippet" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from snippet" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from snippet" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from snippet" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from snippet" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from snippet" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -f -a "add" -d 'Add a question and its answer at the end of the FAQ'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -f -a "list" -d 'List the FAQ with the numbers `remove` takes'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -f -a "remove" -d 'Remove an entry by its number in `faq list` (from 1)'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from faq" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -f -a "add" -d 'Make a user a member of a widget (nothing changes if they are one)'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -f -a "remove" -d 'Remove a user from a widget\'s members'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -f -a "list" -d 'List a widget\'s members'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from member" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a widget with a fresh site key'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "list" -d 'List widgets'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a widget and all its settings'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a widget\'s settings; only the ones given change'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "rotate-key" -d 'Give a widget a new site key; the old one stops working at once'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "snippet" -d 'Print the HTML that embeds a widget on a page'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "faq" -d 'Manage the questions the assistant answers without a model'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "member" -d 'Choose the agents who work on a widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand widget; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "add" -d 'Add a user. Prints a generated password unless one is given on stdin'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "list" -d 'List users'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "show" -d 'Show a user'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "disable" -d 'Disable a user: they cannot log in and their tokens stop working'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "enable" -d 'Enable a disabled user'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "set-role" -d 'Change a user\'s role'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "reset-password" -d 'Set a new password (generated unless given on stdin) and end the user\'s sessions'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "delete" -d 'Delete a user, their sessions and API tokens'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and not __fish_seen_subcommand_from add list show disable enable set-role reset-password delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -l name -d 'Display name [default: the part of the email before @]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -l role -d 'Role' -r -f -a "admin\t'Manages everything'
agent\t'Answers conversations'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from show" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from show" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from show" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from set-role" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from set-role" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from set-role" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from set-role" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from set-role" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from set-role" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a user. Prints a generated password unless one is given on stdin'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List users'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a user'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable a user: they cannot log in and their tokens stop working'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable a disabled user'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "set-role" -d 'Change a user\'s role'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "reset-password" -d 'Set a new password (generated unless given on stdin) and end the user\'s sessions'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a user, their sessions and API tokens'
complete -c chatctl -n "__fish_chatctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Create an API token acting as you; prints its secret once'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'List API tokens (never their secrets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke an API token; it stops working at once'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -l role -d 'Role the token acts with [default: yours]' -r -f -a "admin\t'Manages everything'
agent\t'Answers conversations'"
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -l expires-in -d 'Lifetime in seconds [default: until revoked]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an API token acting as you; prints its secret once'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List API tokens (never their secrets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke an API token; it stops working at once'
complete -c chatctl -n "__fish_chatctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -f -a "add" -d 'Add a canned reply'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -f -a "list" -d 'List canned replies, by shortcut'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -f -a "show" -d 'Show a canned reply and its whole text'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -f -a "update" -d 'Change a canned reply; only what is given changes'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -f -a "remove" -d 'Remove a canned reply'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and not __fish_seen_subcommand_from add list show update remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -l title -d 'What it is about, for lists (at most 200 characters)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -l body -d 'The text agents insert (at most 4000 characters)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -l body-file -d 'Read the text from a file (`-`: standard input), e.g. for several lines' -r -F
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -l widget -d 'Offer it on this widget only (ID or name) [default: every widget]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from list" -l widget -d 'Only those offered on this widget (ID or name): its own and the ones for every widget' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from show" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from show" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from show" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l shortcut -d 'New shortcut' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l title -d 'New title' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l body -d 'The text agents insert (at most 4000 characters)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l body-file -d 'Read the text from a file (`-`: standard input), e.g. for several lines' -r -F
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l widget -d 'Offer it on this widget only (ID or name)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -l all-widgets -d 'Offer it on every widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from remove" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from remove" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from remove" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a canned reply'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from help" -f -a "list" -d 'List canned replies, by shortcut'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a canned reply and its whole text'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a canned reply; only what is given changes'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a canned reply'
complete -c chatctl -n "__fish_chatctl_using_subcommand canned; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "add" -d 'Register a URL for some events; prints the signing secret, once'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "list" -d 'List the webhooks (without their secrets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "remove" -d 'Remove a webhook and its deliveries, pending ones included'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "test" -d 'Send a `ping` event to a webhook now (whatever it subscribes to) and wait up to 15 s for its outcome'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "deliveries" -d 'List deliveries, newest first: their status, attempts and last error'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "replay" -d 'Send a delivery again: the same delivery ID and body, a fresh signature and a fresh set of attempts'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "verify" -d 'Check a webhook signature, as a receiver must: for people writing receivers, and for debugging one. Needs no server'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and not __fish_seen_subcommand_from add list remove test deliveries replay verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from add" -l event -d 'An event to send there; repeat it for several' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from add" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from add" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from add" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from remove" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from remove" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from remove" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from test" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from test" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from test" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from test" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l status -d 'Only those in this status: pending, delivered or failed' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l limit -d 'At most this many (1 to 500)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from replay" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from replay" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from replay" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from replay" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from replay" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l secret -d 'The webhook\'s signing secret (whsec_...)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l header -d 'The Chatd-Signature header value (t=...,v1=...)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l body-file -d 'The request body exactly as received (`-`: standard input)' -r -F
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l tolerance -d 'Seconds the signature\'s timestamp may be away from now' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l at -d 'Check as if now were this Unix time (for a saved delivery)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register a URL for some events; prints the signing secret, once'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the webhooks (without their secrets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a webhook and its deliveries, pending ones included'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a `ping` event to a webhook now (whatever it subscribes to) and wait up to 15 s for its outcome'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "deliveries" -d 'List deliveries, newest first: their status, attempts and last error'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Send a delivery again: the same delivery ID and body, a fresh signature and a fresh set of attempts'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a webhook signature, as a receiver must: for people writing receivers, and for debugging one. Needs no server'
complete -c chatctl -n "__fish_chatctl_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Block the visitor of a conversation on its widget; their open conversations there are closed and their connections end'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List blocks, newest first (an agent: those of their widgets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Lift a block'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -l reason -d 'Why, for other agents (at most 500 characters)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -l hours -d 'Lift the block after this many hours [default: never]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -l ip -d 'Also block the address the visitor started from: everyone from it is refused on the widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from remove" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from remove" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from remove" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "add" -d 'Block the visitor of a conversation on its widget; their open conversations there are closed and their connections end'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "list" -d 'List blocks, newest first (an agent: those of their widgets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Lift a block'
complete -c chatctl -n "__fish_chatctl_using_subcommand block; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -l since -d 'Only entries at or after this time: a date (2026-01-31), a time (RFC 3339), or 7d, 12h, 30m ago' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -l action -d 'Only this action (widget.create), or every action under a prefix ending in a dot (widget.)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -l actor -d 'Only this actor: a user\'s email or ID' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -l limit -d 'At most this many, newest first (1 to 1000)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand audit" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -f -a "export" -d 'Write everything stored about a visitor as JSON: their conversations with every message, and blocks naming them'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -f -a "forget" -d 'Delete every conversation and message of a visitor, for good. Blocks naming them stay (`chatctl block remove` lifts one)'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and not __fish_seen_subcommand_from export forget help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from export" -s f -l file -d 'Write to this file (it must not exist) instead of standard output' -r -F
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from export" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from export" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from export" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from forget" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from forget" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from forget" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from forget" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from forget" -l yes -d 'Do not ask for confirmation (needed when not at a terminal)'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from forget" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from forget" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write everything stored about a visitor as JSON: their conversations with every message, and blocks naming them'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from help" -f -a "forget" -d 'Delete every conversation and message of a visitor, for good. Blocks naming them stay (`chatctl block remove` lifts one)'
complete -c chatctl -n "__fish_chatctl_using_subcommand visitor; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -f -a "list" -d 'List conversations, most recently updated first'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -f -a "show" -d 'Show a conversation: its details and the whole transcript'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -f -a "export" -d 'Write a conversation\'s whole transcript as JSON, CSV or Markdown'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -f -a "close" -d 'Close a conversation (a new visitor message opens it again)'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and not __fish_seen_subcommand_from list show export close help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l widget -d 'Only this widget (ID or name)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l status -d 'Only open or only closed conversations' -r -f -a "open\t'Visitor and agents may write'
closed\t'Ended'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l phase -d 'Only those with the AI, waiting in the queue, or with an agent' -r -f -a "ai\t'The AI assistant'
queued\t'Waiting in the queue for a person'
assigned\t'An agent has it'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l agent -d 'Only those assigned to this agent (email or ID)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l since -d 'Only those started at or after this time' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l until -d 'Only those started at or before this time (a date: by its end)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l limit -d 'At most this many; 0 for all' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from show" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from show" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from show" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -l format -d 'Transcript format [default: from the file\'s extension (.json, .csv, .md); else json with --output json, else markdown]' -r -f -a "json\t'`{conversation, widget_name, messages}`, as the API spells them'
csv\t'One row per message: conversation_id, seq, created_at, sender, author_id, author_name, body'
markdown\t'A readable document'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -s f -l file -d 'Write to this file instead of standard output' -r -F
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from close" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from close" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from close" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from close" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from close" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from help" -f -a "list" -d 'List conversations, most recently updated first'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a conversation: its details and the whole transcript'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write a conversation\'s whole transcript as JSON, CSV or Markdown'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from help" -f -a "close" -d 'Close a conversation (a new visitor message opens it again)'
complete -c chatctl -n "__fish_chatctl_using_subcommand conversation; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand queue" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand queue" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand queue" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand queue" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand queue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand queue" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -l from -d 'Only conversations started at or after this time [default: 30 days before --to]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -l to -d 'Only conversations started before this time (a date: by its end) [default: now]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -l widget -d 'Only this widget (ID or name)' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -l by -d 'One row per day (UTC), per widget, per agent (the last one to handle the conversation), or the totals alone' -r -f -a "day\t'One row per day (UTC) the conversations started, and the total'
widget\t'One row per widget, and the total'
agent\t'One row per agent who handled conversations'
total\t'The totals alone'"
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand stats" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand doctor" -l site-key -d 'Site key of the widget to probe [default: the first widget; an agent, who may not list widgets, must give one]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand doctor" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand doctor" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand doctor" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand doctor" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -s f -l file -d 'The file: TOML (.toml) or YAML (.yaml, .yml)' -r -F
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -l dry-run -d 'Show what would change, and change nothing'
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -l prune -d 'Also delete the widgets, users and canned replies the file does not name (for each of `widgets`, `users` and `canned` the file has). Never deletes the calling user'
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand apply" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -l format -d 'File format [default: from the file\'s extension, else toml]' -r -f -a "toml\t'TOML'
yaml\t'YAML'"
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -s f -l file -d 'Write to this file instead of standard output' -r -F
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -l server -d 'chatd base URL, e.g. https://chat.example.com [default: the context\'s]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -l token -d 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -l context -d 'Named login to use [default: the current one, see `chatctl context list`]' -r
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -s o -l output -d 'Output format of the data printed on standard output' -r -f -a "table\t'Columns for people'
json\t'JSON for programs; field names are stable (see docs/chatctl.md)'"
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chatctl -n "__fish_chatctl_using_subcommand export" -s V -l version -d 'Print version'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "login" -d 'Log in to a chatd server and remember it as a named context'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "logout" -d 'End the login session: revoke its refresh token and forget the tokens'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "whoami" -d 'Show who the credentials in use belong to'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "status" -d 'Show the server\'s version, health, readiness and what it holds'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "context" -d 'List and switch between named logins'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "widget" -d 'Manage widgets: one per website that embeds the chat'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "user" -d 'Manage users (admins and agents)'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "token" -d 'Manage API tokens for scripts and CI'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "canned" -d 'Manage canned replies: saved answers agents insert by their shortcut'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "webhook" -d 'Manage webhooks: URLs chatd POSTs events to, signed with a secret of each hook\'s own; see their deliveries, replay one, or check a signature. Needs the admin role (`verify` needs no server)'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "block" -d 'Block visitors from a widget, list blocks and lift them'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "audit" -d 'Show the audit log: who changed what, when and from where. Needs the admin role'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "visitor" -d 'Answer access and erasure requests: export or forget everything stored about one visitor. Needs the admin role'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "conversation" -d 'List, read, export and close conversations'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "queue" -d 'List the conversations waiting for a person, first in line first'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "stats" -d 'Report on conversations: volumes, waits, first response and handle times, and CSAT, per day, widget or agent'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "doctor" -d 'Diagnose a deployment end to end, the way visitors and agents reach it'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "apply" -d 'Make the server match a file of widgets (with their FAQ and members), users and canned replies'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "export" -d 'Write the server\'s widgets (with their FAQ and members), users and canned replies in the format `apply` reads'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and not __fish_seen_subcommand_from login logout whoami status context widget user token canned webhook block audit visitor conversation queue stats doctor apply export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "list" -d 'List the named logins; `*` marks the current one'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "use" -d 'Make a context the current one'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "create" -d 'Create a widget with a fresh site key'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "list" -d 'List widgets'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "show" -d 'Show a widget and all its settings'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "update" -d 'Change a widget\'s settings; only the ones given change'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "delete" -d 'Delete a widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "rotate-key" -d 'Give a widget a new site key; the old one stops working at once'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "snippet" -d 'Print the HTML that embeds a widget on a page'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "faq" -d 'Manage the questions the assistant answers without a model'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from widget" -f -a "member" -d 'Choose the agents who work on a widget'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Add a user. Prints a generated password unless one is given on stdin'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List users'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'Show a user'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "disable" -d 'Disable a user: they cannot log in and their tokens stop working'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "enable" -d 'Enable a disabled user'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "set-role" -d 'Change a user\'s role'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "reset-password" -d 'Set a new password (generated unless given on stdin) and end the user\'s sessions'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "delete" -d 'Delete a user, their sessions and API tokens'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "create" -d 'Create an API token acting as you; prints its secret once'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List API tokens (never their secrets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke an API token; it stops working at once'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from canned" -f -a "add" -d 'Add a canned reply'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from canned" -f -a "list" -d 'List canned replies, by shortcut'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from canned" -f -a "show" -d 'Show a canned reply and its whole text'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from canned" -f -a "update" -d 'Change a canned reply; only what is given changes'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from canned" -f -a "remove" -d 'Remove a canned reply'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "add" -d 'Register a URL for some events; prints the signing secret, once'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "list" -d 'List the webhooks (without their secrets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "remove" -d 'Remove a webhook and its deliveries, pending ones included'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "test" -d 'Send a `ping` event to a webhook now (whatever it subscribes to) and wait up to 15 s for its outcome'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "deliveries" -d 'List deliveries, newest first: their status, attempts and last error'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "replay" -d 'Send a delivery again: the same delivery ID and body, a fresh signature and a fresh set of attempts'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "verify" -d 'Check a webhook signature, as a receiver must: for people writing receivers, and for debugging one. Needs no server'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "add" -d 'Block the visitor of a conversation on its widget; their open conversations there are closed and their connections end'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "list" -d 'List blocks, newest first (an agent: those of their widgets)'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from block" -f -a "remove" -d 'Lift a block'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from visitor" -f -a "export" -d 'Write everything stored about a visitor as JSON: their conversations with every message, and blocks naming them'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from visitor" -f -a "forget" -d 'Delete every conversation and message of a visitor, for good. Blocks naming them stay (`chatctl block remove` lifts one)'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from conversation" -f -a "list" -d 'List conversations, most recently updated first'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from conversation" -f -a "show" -d 'Show a conversation: its details and the whole transcript'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from conversation" -f -a "export" -d 'Write a conversation\'s whole transcript as JSON, CSV or Markdown'
complete -c chatctl -n "__fish_chatctl_using_subcommand help; and __fish_seen_subcommand_from conversation" -f -a "close" -d 'Close a conversation (a new visitor message opens it again)'
